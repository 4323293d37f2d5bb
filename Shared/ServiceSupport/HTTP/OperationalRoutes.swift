import Hummingbird
import Prometheus

/// One dependency check reported by `GET /ready`.
public struct ReadinessCheck: Sendable {
    public let name: String
    public let isReady: @Sendable () async -> Bool

    public init(name: String, isReady: @escaping @Sendable () async -> Bool) {
        self.name = name
        self.isReady = isReady
    }
}

extension Router {
    /// Adds `GET /health` (the process answers), `GET /ready` (every dependency
    /// answers: 200, else 503 naming the failing ones) and `GET /metrics`
    /// (Prometheus text format).
    public func addOperationalRoutes(checks: [ReadinessCheck], registry: PrometheusCollectorRegistry) {
        get("/health") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#))
            )
        }
        get("/ready") { _, _ in
            var failing: [String] = []
            for check in checks where !(await check.isReady()) { failing.append(check.name) }
            let body =
                failing.isEmpty
                ? #"{"status":"ready"}"#
                : #"{"status":"not_ready","failing":[\#(failing.map { "\"\($0)\"" }.joined(separator: ","))]}"#
            return Response(
                status: failing.isEmpty ? .ok : .serviceUnavailable,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: body))
            )
        }
        get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
    }
}
