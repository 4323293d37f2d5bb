import Foundation
import Hummingbird
import ServiceSupport

/// `GET /health`, `GET /ready`, `GET /metrics` (shared with the benefits service, open to
/// anyone) and `GET /openapi.json` (for callers with a token).
public struct OperationsController: Sendable {
    public let publisher: any EventPublisher
    public let metrics: EnrollmentMetrics

    public init(publisher: any EventPublisher, metrics: EnrollmentMetrics) {
        self.publisher = publisher
        self.metrics = metrics
    }

    public func addRoutes(to router: Router<some RequestContext>) {
        let publisher = self.publisher
        router.addOperationalRoutes(
            checks: [ReadinessCheck(name: "broker") { await publisher.isReady() }],
            registry: metrics.registry
        )
    }

    /// `GET /openapi.json`, mounted on the authenticated group.
    public func addDocumentRoute(to router: some RouterMethods<some RequestContext>) {
        router.get("/openapi.json") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes))
            )
        }
    }
}
