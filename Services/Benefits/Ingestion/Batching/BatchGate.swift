/// Lets a partition revocation wait until the batches read so far are committed, so the
/// partitions are handed over with their offsets stored.
actor BatchGate {
    private var inFlight = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func begin() { inFlight += 1 }

    func end() {
        inFlight -= 1
        guard inFlight == 0 else { return }
        let waiting = waiters
        waiters = []
        for waiter in waiting { waiter.resume() }
    }

    func waitUntilIdle() async {
        guard inFlight > 0 else { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}
