import Hummingbird
import InsuranceDomain
import Prometheus

/// One dependency check reported by `GET /ready`: `nil` when ready, else the reason it is not,
/// in words for an operator (never data: `/ready` needs no sign-in).
public struct ReadinessCheck: Sendable {
    public let name: String
    public let problem: @Sendable () async -> String?

    public init(name: String, problem: @escaping @Sendable () async -> String?) {
        self.name = name
        self.problem = problem
    }

    /// A yes/no check; its reason when not ready is "not ready".
    public init(name: String, isReady: @escaping @Sendable () async -> Bool) {
        self.init(name: name) { await isReady() ? nil : "not ready" }
    }
}

/// The answer of `GET /ready`, computed at most once per `maxAge` whatever the number of
/// callers: concurrent calls share one computation, later ones within `maxAge` get the cached
/// answer. `/ready` needs no sign-in, so without this a flood of it would run every check
/// (a database query, a broker request) as often as anyone liked.
public actor ReadinessProbe {
    /// The checks that failed and why, in the order of the checks; empty when ready.
    public typealias Answer = [(name: String, problem: String)]

    private let checks: [ReadinessCheck]
    /// How old an answer may be (one second unless a test says otherwise).
    public nonisolated let maxAge: Duration
    private var cached: (answer: Answer, at: ContinuousClock.Instant)?
    private var running: Task<Answer, Never>?

    public init(checks: [ReadinessCheck], maxAge: Duration = .seconds(1)) {
        self.checks = checks
        self.maxAge = maxAge
    }

    public func answer() async -> Answer {
        if let cached, ContinuousClock.now - cached.at < maxAge { return cached.answer }
        if let running { return await running.value }
        let checks = self.checks
        let task = Task {
            var failing: Answer = []
            for check in checks {
                if let problem = await check.problem() { failing.append((check.name, problem)) }
            }
            return failing
        }
        running = task
        let answer = await task.value
        cached = (answer, .now)
        running = nil
        return answer
    }
}

extension Router {
    /// Adds `GET /health` (the process answers), `GET /ready` (every dependency answers: 200,
    /// else 503 naming the failing ones and why; computed at most once a second, see
    /// `ReadinessProbe`) and `GET /metrics` (Prometheus text format).
    public func addOperationalRoutes(checks: [ReadinessCheck], registry: PrometheusCollectorRegistry) {
        addOperationalRoutes(readiness: ReadinessProbe(checks: checks), registry: registry)
    }

    /// As `addOperationalRoutes(checks:registry:)`, with the caller's probe.
    public func addOperationalRoutes(readiness: ReadinessProbe, registry: PrometheusCollectorRegistry) {
        get("/health") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#))
            )
        }
        get("/ready") { _, _ in
            let failing = await readiness.answer()
            let body: JSONValue
            if failing.isEmpty {
                body = .object([JSONMember("status", .string("ready"))])
            } else {
                body = .object([
                    JSONMember("status", .string("not_ready")),
                    JSONMember("failing", .array(failing.map { .string($0.name) })),
                    JSONMember("reasons", .object(failing.map { JSONMember($0.name, .string($0.problem)) })),
                ])
            }
            return Response(
                status: failing.isEmpty ? .ok : .serviceUnavailable,
                headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(body)))
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
