import Synchronization

/// A continuation resumed by whichever of several racers comes first; the others' values
/// are dropped. Lets a test stop waiting for an exchange that does not honour cancellation.
final class OneShot<Value: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<Value, Never>?>(nil)

    /// Parks `continuation` until the first `resume`; call it before any racer starts.
    func wait(with continuation: CheckedContinuation<Value, Never>) {
        self.continuation.withLock { $0 = continuation }
    }

    func resume(returning value: Value) {
        continuation.withLock { parked in
            parked?.resume(returning: value)
            parked = nil
        }
    }
}
