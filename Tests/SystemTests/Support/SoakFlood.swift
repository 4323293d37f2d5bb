import HummingbirdTesting
import Synchronization

/// Keep-alive clients calling the benefits service's `GET /ready` (no token: it is a probe
/// anyone can call), each at its share of the rate, until cancelled.
///
/// A call that gets no answer (no connection, a dropped one, none within 10 s) is a failure;
/// the client then opens a fresh connection after a short pause, as a load balancer would,
/// so the flood goes on into a restarted service.
final class SoakFlood: Sendable {
    struct Call: Sendable {
        /// When the answer (or the failure) came.
        let at: ContinuousClock.Instant
        /// nil: no answer.
        let status: Int?
        let latency: Duration
    }

    private let calls = Mutex<[Call]>([])

    var all: [Call] { calls.withLock { $0 } }

    /// Starts `clients` clients at `rate` calls/s in all; cancel the task to stop them.
    func start(port: Int, clients: Int, rate: Int) -> Task<Void, Never> {
        let interval: Duration = .seconds(Double(clients) / Double(max(rate, 1)))
        return Task {
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<clients {
                    group.addTask {
                        // Spread the clients' first calls over one interval.
                        try? await Task.sleep(for: interval * (Double(index) / Double(clients)))
                        await self.client(port: port, interval: interval)
                    }
                }
            }
        }
    }

    private func client(port: Int, interval: Duration) async {
        var client = Self.connect(port: port)
        var next = ContinuousClock.now
        while !Task.isCancelled {
            let started = ContinuousClock.now
            do {
                let status = Int(try await client.get("/ready").status.code)
                record(Call(at: .now, status: status, latency: .now - started))
            } catch {
                if Task.isCancelled { break }
                record(Call(at: .now, status: nil, latency: .now - started))
                try? await client.shutdown()
                try? await Task.sleep(for: .milliseconds(250))
                client = Self.connect(port: port)
                next = .now
            }
            next += interval
            if next > .now { try? await Task.sleep(until: next) }
        }
        try? await client.shutdown()
    }

    private static func connect(port: Int) -> TestClient {
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(10)))
        client.connect()
        return client
    }

    private func record(_ call: Call) {
        calls.withLock { $0.append(call) }
    }
}
