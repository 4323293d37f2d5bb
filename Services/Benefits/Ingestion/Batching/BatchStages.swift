/// Two stages per batch, so that preparing the next batch (decoding and validation, CPU)
/// overlaps storing the previous one (database); the stores still run one at a time, in the
/// order the batches were read.
///
/// `gate` counts a batch from its reading until it is stored (or abandoned), so that a
/// partition revocation can wait until what was read from it is stored.
struct BatchStages: Sendable {
    let gate: BatchGate

    /// Until `batches` ends or a stage throws; the store in flight is awaited (or, when this
    /// task is cancelled, cancelled) before it returns or throws.
    func run<Batches: AsyncSequence, Prepared: Sendable>(
        _ batches: Batches,
        prepare: (Batches.Element) async throws -> Prepared,
        store: @escaping @Sendable (Prepared) async throws -> Void
    ) async throws {
        let gate = self.gate
        var storing: Task<Void, any Error>?
        defer { storing?.cancel() }
        for try await batch in batches {
            await gate.begin()
            do {
                let prepared = try await prepare(batch)
                try await storing?.value
                storing = Task {
                    do {
                        try await store(prepared)
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
        try await storing?.value
    }
}

/// Counts the batches read and not yet stored (or abandoned), with when each was read:
/// a partition revocation waits until they are stored, so the partitions are handed over with
/// their offsets stored, and the watchdog (`IngestionPipeline+Readiness`) sees how long the
/// oldest has waited.
actor BatchGate {
    /// When each batch in flight was read, oldest first (batches end in the order they began:
    /// their stores run one at a time, in order).
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
