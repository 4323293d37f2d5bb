import Foundation


/// A dedicated OS thread that runs a client's blocking poll loop, so librdkafka's blocking
/// calls never occupy Swift's cooperative pool.
final class PollThread: Sendable {
    struct State: Sendable {
        var stopRequested = false
        var finished = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Locked(State())

    /// Starts the thread: `iteration` runs until `requestStop()`, then `finish` runs once.
    init(name: String, iteration: @escaping @Sendable () -> Void, finish: @escaping @Sendable () -> Void) {
        let thread = Thread { [state] in
            while !state.withLock({ $0.stopRequested }) { iteration() }
            finish()
            let waiters = state.withLock { state in
                state.finished = true
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
        thread.name = name
        thread.start()
    }

    var isStopRequested: Bool { state.withLock { $0.stopRequested } }

    func requestStop() { state.withLock { $0.stopRequested = true } }

    /// Returns when the thread has run `finish`.
    func waitUntilFinished() async {
        await withCheckedContinuation { continuation in
            let finished = state.withLock { state in
                if !state.finished { state.waiters.append(continuation) }
                return state.finished
            }
            if finished { continuation.resume() }
        }
    }
}
