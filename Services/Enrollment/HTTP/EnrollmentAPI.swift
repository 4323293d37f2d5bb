import Foundation
import Hummingbird
import HummingbirdAuth
import InsuranceDomain
import Logging
import ServiceSupport

/// The request context of the enrollment service: after authentication it carries the
/// caller's credential (HummingbirdAuth's context, with our identity type).
package typealias EnrollmentRequestContext = BasicAuthRequestContext<UpstreamCredential>

/// The HTTP API of the enrollment service: its router, and an application around it.
package struct EnrollmentAPI: Sendable {
    let credentials: CredentialStore
    let intake: EventIntakeController
    let operations: OperationsController
    let metrics: EnrollmentMetrics

    package init(
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
            validator: EventBatchValidator(policy: policy, bound: EventsPerTypeAndYear(limit: limits.eventsPerTypeAndYear)),
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
    package func makeRouter() -> Router<EnrollmentRequestContext> {
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
    func makeApplication(
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

/// Counts every answer by status, including 404s and errors thrown by the router.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: EnrollmentMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            self.metrics.recordRequest(status: response.status.code)
            return response
        } catch let error as any HTTPResponseError {
            self.metrics.recordRequest(status: error.status.code)
            throw error
        } catch {
            self.metrics.recordRequest(status: 500)
            throw error
        }
    }
}

/// `GET /health`, `GET /ready`, `GET /metrics` (shared with the benefits service, open to
/// anyone) and `GET /openapi.json` (for callers with a token).
struct OperationsController: Sendable {
    let publisher: any EventPublisher
    let metrics: EnrollmentMetrics

    init(publisher: any EventPublisher, metrics: EnrollmentMetrics) {
        self.publisher = publisher
        self.metrics = metrics
    }

    func addRoutes(to router: Router<some RequestContext>) {
        let publisher = self.publisher
        router.addOperationalRoutes(
            checks: [ReadinessCheck(name: "broker") { await publisher.isReady() }],
            registry: metrics.registry
        )
    }

    /// `GET /openapi.json`, mounted on the authenticated group.
    func addDocumentRoute(to router: some RouterMethods<some RequestContext>) {
        router.get("/openapi.json") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes))
            )
        }
    }
}

/// The OpenAPI document of the HTTP API: `openapi/enrollment.json`, copied to
/// `Resources/openapi.json` because SwiftPM bundles only files inside the target (a test
/// fails when the two differ).
enum OpenAPIDocument {
    /// The document's bytes; a missing resource is a packaging bug, so it fails loudly.
    static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else {
            fatalError("openapi.json is missing from the Enrollment bundle; check Package.swift resources")
        }
        return Array(data)
    }()
}
