import Foundation
import Hummingbird

/// `GET /health`, `GET /ready`, `GET /metrics` and `GET /openapi.json`.
public struct OperationsController: Sendable {
    public let publisher: any EventPublisher
    public let metrics: EnrollmentMetrics

    public init(publisher: any EventPublisher, metrics: EnrollmentMetrics) {
        self.publisher = publisher
        self.metrics = metrics
    }

    public func addRoutes(to router: some RouterMethods<some RequestContext>) {
        router.get("/health") { _, _ in
            Self.json(.ok, #"{"status":"ok"}"#)
        }
        router.get("/ready") { _, _ in
            await self.publisher.isReady()
                ? Self.json(.ok, #"{"status":"ready"}"#)
                : Self.json(.serviceUnavailable, #"{"status":"unavailable","reason":"the Kafka broker does not answer"}"#)
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: self.metrics.render()))
            )
        }
        router.get("/openapi.json") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes))
            )
        }
    }

    static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
