import Benefits
import Synchronization

/// Publish instants of probe events and their latencies once a committed batch held them.
final class LatencyProbe: Sendable {
    private let pending = Mutex<[String: ContinuousClock.Instant]>([:])
    private let measured = Mutex<[Duration]>([])

    func published(_ ids: [String], at instant: ContinuousClock.Instant) {
        pending.withLock { for id in ids { $0[id] = instant } }
    }

    func committed(_ events: [IncomingEvent], at now: ContinuousClock.Instant) {
        let latencies = pending.withLock { pending -> [Duration] in
            guard !pending.isEmpty else { return [] }
            return events.compactMap { event in pending.removeValue(forKey: event.eventId).map { now - $0 } }
        }
        if !latencies.isEmpty { measured.withLock { $0 += latencies } }
    }

    var isWaiting: Bool { pending.withLock { !$0.isEmpty } }
    var latencies: [Duration] { measured.withLock { $0 } }
}
