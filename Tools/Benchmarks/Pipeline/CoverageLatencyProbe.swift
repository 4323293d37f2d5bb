import PostgresNIO
import Synchronization

/// Publish → coverage visible: when each person was published, and when a first
/// `coverage_periods` row of theirs was seen by a poller querying every few milliseconds.
final class CoverageLatencyProbe: Sendable {
    private struct State {
        var pending: [String: ContinuousClock.Instant] = [:]
        var samples: [Duration] = []
    }
    private let state = Mutex(State())

    func published(_ personId: String, at instant: ContinuousClock.Instant) {
        state.withLock { $0.pending[personId] = instant }
    }

    var pendingCount: Int { state.withLock { $0.pending.count } }
    var samples: [Duration] { state.withLock { $0.samples } }

    /// One poll: the pending persons that now have coverage get their sample.
    func poll(_ client: PostgresClient) async throws {
        let ids = state.withLock { Array($0.pending.keys) }
        guard !ids.isEmpty else { return }
        let rows = try await client.query("SELECT DISTINCT person_id FROM coverage_periods WHERE person_id = ANY(\(ids))")
        let seen = ContinuousClock.now
        for try await personId in rows.decode(String.self) {
            state.withLock { state in
                if let published = state.pending.removeValue(forKey: personId) { state.samples.append(seen - published) }
            }
        }
    }

    static func percentile(_ p: Double, of samples: [Duration]) -> Duration {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return .zero }
        let rank = max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1)
        return sorted[min(rank, sorted.count - 1)]
    }
}
