import ServiceLifecycle

/// A one-shot signal: `trigger()` once, `wait()` returns after it (at once if already given).
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
}
