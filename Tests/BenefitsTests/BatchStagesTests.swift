import Synchronization
import Testing

@testable import Benefits

/// `BatchStages` (no database): what overlaps and what stays in order.
@Suite("Batch stages")
struct BatchStagesTests {
    /// What the stages did, in the order they did it.
    final class Journal: Sendable {
        private let entries = Mutex<[String]>([])
        private let running = Mutex<(lanes: Int, finishes: Int, lanesMax: Int, finishesMax: Int)>((0, 0, 0, 0))

        func note(_ entry: String) { entries.withLock { $0.append(entry) } }
        var all: [String] { entries.withLock { $0 } }

        func lanes(_ delta: Int) {
            running.withLock {
                $0.lanes += delta
                $0.lanesMax = max($0.lanesMax, $0.lanes)
            }
        }

        func finishes(_ delta: Int) {
            running.withLock {
                $0.finishes += delta
                $0.finishesMax = max($0.finishesMax, $0.finishes)
            }
        }

        var most: (lanes: Int, finishes: Int) { running.withLock { ($0.lanesMax, $0.finishesMax) } }
    }

    struct Failed: Error {}

    @Test("a batch's lanes overlap the previous finish; lanes never overlap, finishes run one at a time and in order")
    func ordering() async throws {
        let journal = Journal()
        let gate = BatchGate()
        // Slow finishes (long enough that a loaded machine still starts the next lanes inside
        // them): without the overlap batch 2's lanes would start after batch 1's finish ended.
        try await BatchStages(gate: gate).run(
            [1, 2, 3, 4].async,
            prepare: { $0 },
            storeLanes: { batch in
                journal.lanes(1)
                journal.note("lanes \(batch) start")
                try await Task.sleep(for: .milliseconds(20))
                journal.note("lanes \(batch) end")
                journal.lanes(-1)
                return batch * 10
            },
            finish: { batch, stored in
                #expect(stored == batch * 10)
                journal.finishes(1)
                journal.note("finish \(batch) start")
                try await Task.sleep(for: .milliseconds(300))
                journal.note("finish \(batch) end")
                journal.finishes(-1)
            }
        )
        let entries = journal.all
        func at(_ entry: String) throws -> Int { try #require(entries.firstIndex(of: entry)) }
        #expect(journal.most.lanes == 1)
        #expect(journal.most.finishes == 1)
        for batch in 1...3 {
            // Offsets in order: each finish after the previous one and after its own lanes.
            #expect(try at("finish \(batch) end") < at("finish \(batch + 1) start"))
            #expect(try at("lanes \(batch + 1) end") < at("finish \(batch + 1) start"))
            // The overlap: the next batch's lanes start before this batch's finish ends.
            #expect(try at("lanes \(batch + 1) start") < at("finish \(batch) end"))
        }
        #expect(await gate.oldestUnstoredReadAt == nil)
    }

    @Test("a failed finish stops the reading and every later finish, and the failure is thrown")
    func failedFinish() async throws {
        let journal = Journal()
        let gate = BatchGate()
        await #expect(throws: Failed.self) {
            try await BatchStages(gate: gate).run(
                Array(1...50).async,
                prepare: { $0 },
                storeLanes: { batch in
                    journal.note("lanes \(batch)")
                    return batch
                },
                finish: { batch, _ in
                    journal.note("finish \(batch)")
                    try await Task.sleep(for: .milliseconds(10))
                    if batch == 1 { throw Failed() }
                }
            )
        }
        // The later batches' finishes (their offsets) never ran, and the reading stopped
        // within two batches (it does not go on storing lanes whose offsets never come).
        let entries = journal.all
        #expect(entries.filter { $0.hasPrefix("finish") } == ["finish 1"])
        #expect(entries.filter { $0.hasPrefix("lanes") }.count <= 3)
        // Every batch that began has ended: a revocation waiting on the gate is not stuck.
        try await Task.sleep(for: .milliseconds(50))
        #expect(await gate.oldestUnstoredReadAt == nil)
    }
}

extension Array where Element: Sendable {
    /// The elements as an `AsyncSequence`.
    fileprivate var async: AsyncStream<Element> {
        AsyncStream { continuation in
            for element in self { continuation.yield(element) }
            continuation.finish()
        }
    }
}
