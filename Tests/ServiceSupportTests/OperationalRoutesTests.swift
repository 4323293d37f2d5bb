import Foundation
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
                #expect(String(buffer: response.body) == #"{"status":"not_ready","failing":["broker"],"reasons":{"broker":"not ready"}}"#)
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

    @Test("/ready says why a check fails, escaped as JSON")
    func reasons() async throws {
        let router = Router()
        router.addOperationalRoutes(
            checks: [ReadinessCheck(name: "progress") { #"records "stuck" for 61 s\n"# }],
            registry: MetricsBootstrap.prometheus()
        )
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.cacheControl] == "no-store")
                let body = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                #expect(body?["failing"] as? [String] == ["progress"])
                #expect((body?["reasons"] as? [String: String])?["progress"] == #"records "stuck" for 61 s\n"#)
            }
        }
    }

    @Test("a flood of /ready runs the checks once a second, not once a call")
    func floodRunsChecksOnce() async throws {
        // Two probes, so that a loaded machine cannot make the test wrong: one whose answer
        // outlives the flood (sharing and caching), one whose answer is old by the next call (expiry).
        let calls = Atomic(0)
        let expiring = Atomic(0)
        let router = Router()
        router.addOperationalRoutes(
            readiness: ReadinessProbe(checks: [Self.counted(taking: .milliseconds(100)) { calls.add(1, ordering: .relaxed) }], maxAge: .seconds(60)),
            registry: MetricsBootstrap.prometheus()
        )
        try await Application(router: router).test(.router) { client in
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<64 {
                    group.addTask { try await client.execute(uri: "/ready", method: .get) { $0.status } }
                }
                for try await status in group { #expect(status == .ok) }
            }
            #expect(calls.load(ordering: .relaxed) == 1, "64 concurrent calls share one computation")
            try await client.execute(uri: "/ready", method: .get) { #expect($0.status == .ok) }
            #expect(calls.load(ordering: .relaxed) == 1, "a call within maxAge gets the cached answer")
        }
        #expect(ReadinessProbe(checks: []).maxAge == .seconds(1), "the services' answers are at most a second old")
        let short = Router()
        short.addOperationalRoutes(
            readiness: ReadinessProbe(checks: [Self.counted(taking: .zero) { expiring.add(1, ordering: .relaxed) }], maxAge: .milliseconds(200)),
            registry: MetricsBootstrap.prometheus()
        )
        try await Application(router: short).test(.router) { client in
            try await client.execute(uri: "/ready", method: .get) { #expect($0.status == .ok) }
            try await Task.sleep(for: .milliseconds(300))
            try await client.execute(uri: "/ready", method: .get) { #expect($0.status == .ok) }
            #expect(expiring.load(ordering: .relaxed) == 2, "an answer older than maxAge is computed again")
        }
    }

    /// A passing check that calls `count` each time it runs, and takes `duration`.
    static func counted(taking duration: Duration, _ count: @escaping @Sendable () -> Void) -> ReadinessCheck {
        ReadinessCheck(name: "database") {
            count()
            try? await Task.sleep(for: duration)
            return true
        }
    }
}
