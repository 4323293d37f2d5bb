import Hummingbird
import HummingbirdAuth
import InsuranceDomain
import Logging
import ServiceSupport

/// The request context of the enrollment service: after authentication it carries the
/// caller's credential (HummingbirdAuth's context, with our identity type).
public typealias EnrollmentRequestContext = BasicAuthRequestContext<UpstreamCredential>

/// The HTTP API of the enrollment service: its router, and an application around it.
public struct EnrollmentAPI: Sendable {
    public let credentials: CredentialStore
    public let intake: EventIntakeController
    public let operations: OperationsController
    public let metrics: EnrollmentMetrics

    public init(
        publisher: any EventPublisher,
        credentials: CredentialStore,
        policy: PolicyBook,
        topics: TopicNames = TopicNames(),
        limits: IntakeLimits = IntakeLimits(),
        metrics: EnrollmentMetrics = EnrollmentMetrics(),
        logger: Logger = Logger(label: "enrollment")
    ) {
        self.metrics = metrics
        self.credentials = credentials
        self.intake = EventIntakeController(
            validator: EventBatchValidator(policy: policy),
            publisher: publisher,
            topics: topics,
            limits: limits,
            metrics: metrics,
            logger: logger
        )
        self.operations = OperationsController(publisher: publisher, metrics: metrics)
    }

    /// Every route of the service, behind the tracing (a server span per request, continuing
    /// the caller's W3C `traceparent`) and request-metrics middlewares. `/health`,
    /// `/ready` and `/metrics` are open; everything else needs a known bearer token
    /// (401 with a `Bearer` challenge otherwise).
    public func makeRouter() -> Router<EnrollmentRequestContext> {
        let router = Router(context: EnrollmentRequestContext.self)
        router.add(middleware: TracingMiddleware())
        router.add(middleware: RequestMetricsMiddleware(metrics: self.metrics))
        self.operations.addRoutes(to: router)
        let credentials = self.credentials
        let authenticated = router.group()
            .add(middleware: TokenAuthenticator(context: EnrollmentRequestContext.self, scheme: .bearer) { credentials.credential(forToken: $0) })
            .add(
                middleware: RequireIdentityMiddleware(context: EnrollmentRequestContext.self) { _ in
                    ProblemDetails.unauthenticated().response(headers: [.wwwAuthenticate: #"Bearer realm="enrollment""#])
                }
            )
        self.intake.addRoutes(to: authenticated)
        self.operations.addDocumentRoute(to: authenticated)
        return router
    }

    /// An application serving the router on `host:port`; `http` closes idle and stalled connections.
    public func makeApplication(
        host: String,
        port: Int,
        logger: Logger,
        http: HTTPServerSettings = HTTPServerSettings()
    ) -> some ApplicationProtocol {
        Application(
            router: self.makeRouter(),
            server: http.server,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "enrollment-service"),
            logger: logger
        )
    }
}
