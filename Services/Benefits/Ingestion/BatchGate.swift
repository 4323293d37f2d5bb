/// Lets a partition revocation wait until the batch being stored is committed, so the
/// partitions are handed over with their offsets stored.
actor BatchGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func begin() { busy = true }

    func end() {
        busy = false
        let waiting = waiters
        waiters = []
        for waiter in waiting { waiter.resume() }
    }

    func waitUntilIdle() async {
        guard busy else { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}
