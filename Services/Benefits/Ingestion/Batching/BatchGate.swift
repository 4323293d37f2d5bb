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
