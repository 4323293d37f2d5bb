/// Three stages per batch, so that the next batch's work overlaps the previous one's tail:
/// preparing (decoding and validation, CPU) overlaps the previous batch's storing, and a batch's
/// lanes (the per-person transactions) overlap the previous batch's finish (its family-account
/// limit, its offsets and its Kafka commit). The lanes of two batches never run at the same time,
/// and the finishes run one at a time, in the order the batches were read, so the offsets are
/// stored in order and only after every lane of their batch (and of the batches before) committed.
///
/// Why overlap the finish: while the last transaction of batch N runs, the lanes' connections
/// and the service's CPU would otherwise wait for it (docs/benchmarks.md measures the gain).
///
/// `gate` counts a batch from its reading until it is finished (or abandoned), so that a
/// partition revocation can wait until what was read from it is stored.
struct BatchStages: Sendable {
    let gate: BatchGate

    /// Until `batches` ends or a stage throws. At the end every batch is finished before it
    /// returns; on a failure the stages in flight are cancelled and it throws.
    ///
    /// `storeLanes` returns what `finish` needs; `finish` of a batch starts only after the
    /// previous batch's `finish` returned (if that one threw, this one is abandoned with its error).
    func run<Batches: AsyncSequence, Prepared: Sendable, Stored: Sendable>(
        _ batches: Batches,
        prepare: (Batches.Element) async throws -> Prepared,
        storeLanes: @escaping @Sendable (Prepared) async throws -> Stored,
        finish: @escaping @Sendable (Prepared, Stored) async throws -> Void
    ) async throws {
        let gate = self.gate
        // The last batch's lanes, which the next batch's lanes wait for, and its finish, which
        // waits for the finish before it (a chain, so awaiting the last awaits them all).
        var lanes: Task<Stored, any Error>?
        var finishing: Task<Void, any Error>?
        // The finish of the batch before that one: awaited before the next lanes start, so a
        // failed finish stops the reading within a batch (it is over long before, as a rule).
        var earlier: Task<Void, any Error>?
        defer {
            lanes?.cancel()
            earlier?.cancel()
            finishing?.cancel()
        }
        for try await batch in batches {
            await gate.begin()
            do {
                let prepared = try await prepare(batch)
                _ = try await lanes?.value
                try await earlier?.value
                let previous = finishing
                earlier = previous
                let stored = Task { try await storeLanes(prepared) }
                lanes = stored
                finishing = Task {
                    do {
                        let outcome = await stored.result
                        try await previous?.value
                        try await finish(prepared, try outcome.get())
                        await gate.end()
                    } catch {
                        await gate.end()
                        throw error
                    }
                }
            } catch {
                await gate.end()
                throw error
            }
        }
        try await finishing?.value
    }
}

/// Counts the batches read and not yet stored (or abandoned), with when each was read:
/// a partition revocation waits until they are stored, so the partitions are handed over with
/// their offsets stored, and the watchdog (`IngestionPipeline+Readiness`) sees how long the
/// oldest has waited.
actor BatchGate {
    /// When each batch in flight was read, oldest first (batches end in the order they began:
    /// their finishes run one at a time, in order).
    private var readAt: [ContinuousClock.Instant] = []
    private var waiters: [CheckedContinuation<Void, Never>] = []
    /// When the last batch was read (records flowing mean the broker answers).
    private(set) var lastReadAt: ContinuousClock.Instant?

    func begin() {
        let now = ContinuousClock.now
        readAt.append(now)
        lastReadAt = now
    }

    func end() {
        if !readAt.isEmpty { readAt.removeFirst() }
        guard readAt.isEmpty else { return }
        let waiting = waiters
        waiters = []
        for waiter in waiting { waiter.resume() }
    }

    /// When the oldest batch not yet stored was read; nil when every batch read is stored.
    var oldestUnstoredReadAt: ContinuousClock.Instant? { readAt.first }

    func waitUntilIdle() async {
        guard !readAt.isEmpty else { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}
