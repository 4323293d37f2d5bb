import Hummingbird
import InsuranceDomain
import Logging
import ServiceSupport

/// The HTTP API of the enrollment service: its router, and an application around it.
public struct EnrollmentAPI: Sendable {
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
        self.intake = EventIntakeController(
            credentials: credentials,
            validator: EventBatchValidator(policy: policy),
            publisher: publisher,
            topics: topics,
            limits: limits,
            metrics: metrics,
            logger: logger
        )
        self.operations = OperationsController(publisher: publisher, metrics: metrics)
    }

    /// Every route of the service, behind the request-metrics middleware.
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: RequestMetricsMiddleware(metrics: self.metrics))
        self.intake.addRoutes(to: router)
        self.operations.addRoutes(to: router)
        return router
    }

    /// An application serving the router on `host:port`; `http` closes idle and stalled connections.
    public func makeApplication(
        host: String, port: Int, logger: Logger, http: HTTPServerSettings = HTTPServerSettings()
    ) -> some ApplicationProtocol {
        Application(
            router: self.makeRouter(),
            server: http.server,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "enrollment-service"),
            logger: logger
        )
    }
}
