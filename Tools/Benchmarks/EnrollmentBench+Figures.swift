import Foundation
import Synchronization

extension EnrollmentBench {
    /// Hands out request numbers to the connections, each exactly once.
    final class Tickets: Sendable {
        private let counter = Atomic<Int>(0)
        func next() -> Int { self.counter.add(1, ordering: .relaxed).oldValue }
    }

    /// What one phase measured.
    struct Figures {
        let requests: Int
        let events: Int
        let elapsed: Duration
        let latencies: [Duration]

        var requestsPerSecond: Double { Double(self.requests) / self.elapsed.inSeconds }
        var eventsPerSecond: Double { Double(self.events) / self.elapsed.inSeconds }

        func percentile(_ p: Double) -> Duration {
            guard !self.latencies.isEmpty else { return .zero }
            return self.latencies[min(self.latencies.count - 1, Int(Double(self.latencies.count) * p))]
        }

        func print(label: String, connections: Int) {
            Swift.print(
                String(
                    format: "%@: %d requests, %d events in %.2f s over %d connections: %.0f req/s, %.0f events/s, p50 %.2f ms, p99 %.2f ms",
                    label as NSString,
                    self.requests,
                    self.events,
                    self.elapsed.inSeconds,
                    connections,
                    self.requestsPerSecond,
                    self.eventsPerSecond,
                    self.percentile(0.5).inSeconds * 1000,
                    self.percentile(0.99).inSeconds * 1000
                )
            )
        }
    }
}
