import ServiceLifecycle
import Synchronization

/// A one-shot signal: `trigger()` once, `wait()` returns after it (at once if already given).
/// Also the poll thread's "finished" signal.
final class ShutdownSignal: Sendable {
    struct State: Sendable {
        var triggered = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Locked(State())

    func trigger() {
        let waiters = state.withLock { state in
            state.triggered = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let triggered = state.withLock { state in
                if !state.triggered { state.waiters.append(continuation) }
                return state.triggered
            }
            if triggered { continuation.resume() }
        }
    }

    /// Waits until shutdown is asked for: `trigger()` directly, a graceful-shutdown
    /// request of the service group, or cancellation. The last two call `ask`, the
    /// owner's own shutdown trigger, so producer and consumer stop the same way.
    func waitForShutdownRequest(ask: @escaping @Sendable () -> Void) async {
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await self.wait()
            } onGracefulShutdown: {
                ask()
            }
        } onCancel: {
            ask()
        }
    }

    /// The `run()` of producer and consumer: waits for a shutdown request, stops the client
    /// (again: a fatal error may have triggered the signal without stopping the poll thread),
    /// and returns once the poll thread has finished.
    func serve(until pollThread: PollThread, stop: @escaping @Sendable () -> Void) async {
        await waitForShutdownRequest(ask: stop)
        stop()
        await pollThread.waitUntilFinished()
    }
}

/// A Mutex that closures can share (Mutex itself cannot be copied or captured).
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try mutex.withLock { try body(&$0) }
    }
}
