import Hummingbird
import HummingbirdTesting
import Metrics
import ServiceSupport
import Synchronization
import Testing

@Suite("Operational routes")
struct OperationalRoutesTests {
    private func app(brokerUp: Bool) -> some ApplicationProtocol {
        let router = Router()
        router.addOperationalRoutes(
            checks: [ReadinessCheck(name: "broker") { brokerUp }, ReadinessCheck(name: "database") { true }],
            registry: MetricsBootstrap.prometheus()
        )
        return Application(router: router)
    }

    @Test("/health answers 200 whatever the dependencies")
    func health() async throws {
        try await app(brokerUp: false).test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
            }
        }
    }

    @Test("/ready is 200 when every check passes and 503 naming the failing one otherwise")
    func ready() async throws {
        try await app(brokerUp: true).test(.router) { client in
            try await client.execute(uri: "/ready", method: .get) { #expect($0.status == .ok) }
        }
        try await app(brokerUp: false).test(.router) { client in
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body) == #"{"status":"not_ready","failing":["broker"]}"#)
            }
        }
    }

    @Test("/metrics shows swift-metrics values in Prometheus text format")
    func metrics() async throws {
        _ = MetricsBootstrap.prometheus()
        Counter(label: "operational_routes_test_total", dimensions: [("kind", "probe")]).increment(by: 3)
        try await app(brokerUp: true).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#"operational_routes_test_total{kind="probe"} 3"#))
            }
        }
    }
}
