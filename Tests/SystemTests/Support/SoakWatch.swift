import Synchronization
import TestSupport

/// What the soak watches while it runs: the rows in the contract tables (every 250 ms) and
/// the benefits service's `/ready` through a probe of its own (every 200 ms, a fresh
/// connection each, an answer within 2 s or none).
final class SoakWatch: Sendable {
    struct Rows: Sendable {
        let at: ContinuousClock.Instant
        /// `events` + `rejected_events`.
        let stored: Int
    }

    struct Readiness: Sendable {
        let at: ContinuousClock.Instant
        let status: Int?
    }

    private let rows = Mutex<[Rows]>([])
    private let readiness = Mutex<[Readiness]>([])

    var storedRows: [Rows] { rows.withLock { $0 } }
    var readinessAnswers: [Readiness] { readiness.withLock { $0 } }

    func start(database: ScratchDatabase, benefitsPort: Int) -> Task<Void, Never> {
        Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    while !Task.isCancelled {
                        // PostgreSQL restarting: no sample, the last one stands.
                        if let counts = try? await TableCounts.read(from: database) {
                            let sample = Rows(at: .now, stored: counts.events + counts.rejected)
                            self.rows.withLock { $0.append(sample) }
                        }
                        try? await Task.sleep(for: .milliseconds(250))
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        let answer = await HTTPProbe.get(port: benefitsPort, "/ready", within: .seconds(2))
                        let sample = Readiness(at: .now, status: answer?.status)
                        self.readiness.withLock { $0.append(sample) }
                        try? await Task.sleep(for: .milliseconds(200))
                    }
                }
            }
        }
    }

    /// The stored rows at `instant`: the last sample at or before it (0 before the first).
    func stored(at instant: ContinuousClock.Instant) -> Int {
        storedRows.last { $0.at <= instant }?.stored ?? 0
    }

    /// The longest time between `start` and `end` in which the stored rows did not grow: with
    /// events coming in all the time, how long the ingestion stood still (the sampling adds
    /// up to 250 ms).
    func longestStall(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> Duration {
        var lastGrowth = start
        var previous = stored(at: start)
        var longest: Duration = .zero
        for sample in storedRows where sample.at > start && sample.at <= end && sample.stored > previous {
            longest = max(longest, sample.at - lastGrowth)
            lastGrowth = sample.at
            previous = sample.stored
        }
        return max(longest, end - lastGrowth)
    }

    /// The first moment at or after `instant` when the tables held at least `count` rows.
    func firstReaching(_ count: Int, after instant: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        storedRows.first { $0.at >= instant && $0.stored >= count }?.at
    }

    /// When `/ready` answered 200 for good after a fault that started at `start`: the first 200
    /// after the last other answer (or none) seen between `start` and `windowEnd`. `start`
    /// itself when it never left 200; nil when it never answered 200 again.
    func readyAgain(after start: ContinuousClock.Instant, windowEnd: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        let answers = readinessAnswers.filter { $0.at >= start }
        guard let lastOther = answers.last(where: { $0.at <= windowEnd && $0.status != 200 }) else { return start }
        return answers.first { $0.at > lastOther.at && $0.status == 200 }?.at
    }
}
