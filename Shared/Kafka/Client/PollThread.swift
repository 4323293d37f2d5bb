import Foundation

/// A dedicated OS thread that runs a client's blocking poll loop, so librdkafka's blocking
/// calls never occupy Swift's cooperative pool.
final class PollThread: Sendable {
    private let stopRequested = Locked(false)
    /// Given once `finish` has run.
    private let finished = ShutdownSignal()

    /// Starts the thread: `iteration` runs until `requestStop()`, then `finish` runs once.
    init(name: String, iteration: @escaping @Sendable () -> Void, finish: @escaping @Sendable () -> Void) {
        let thread = Thread { [stopRequested, finished] in
            while !stopRequested.withLock({ $0 }) { iteration() }
            finish()
            finished.trigger()
        }
        thread.name = name
        thread.start()
    }

    var isStopRequested: Bool { stopRequested.withLock { $0 } }

    func requestStop() { stopRequested.withLock { $0 = true } }

    /// Returns when the thread has run `finish`.
    func waitUntilFinished() async {
        await finished.wait()
    }
}
