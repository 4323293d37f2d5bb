import Dispatch
import Synchronization

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The child's PID and whether it still runs, shared by the termination handler, the
/// timeout timer and the cancellation handler. A PID is signalled only until the
/// termination handler reports the exit; Foundation calls it right after reaping the
/// child, so the number cannot have been handed to another process in between but for
/// that instant.
final class ExitWatch: Sendable {
    private struct State {
        var pid: pid_t?
        var exited = false
        var killedForTimeout = false
        var killRequested = false
    }

    private let state = Mutex(State())

    var wasKilledForTimeout: Bool { state.withLock { $0.killedForTimeout } }

    func started(pid: pid_t) {
        state.withLock { state in
            state.pid = pid
            // Cancelled before the child existed: it goes at once.
            if state.killRequested && !state.exited { _ = kill(pid, SIGKILL) }
        }
    }

    func exited() {
        state.withLock { $0.exited = true }
    }

    func killChild() {
        state.withLock { state in
            state.killRequested = true
            if let pid = state.pid, !state.exited { _ = kill(pid, SIGKILL) }
        }
    }

    /// After `timeout`: SIGKILL, which nothing can catch or ignore. (A SIGTERM-first version
    /// was tried: a `sleep` child outlived the SIGTERM until the SIGKILL 5 s later; why was
    /// not found, and a hung child must go either way.)
    func killAfter(_ timeout: Duration) {
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.interval(timeout)) {
            self.state.withLock { state in
                guard let pid = state.pid, !state.exited else { return }
                state.killedForTimeout = true
                _ = kill(pid, SIGKILL)
            }
        }
    }

    private static func interval(_ duration: Duration) -> DispatchTimeInterval {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
    }
}
