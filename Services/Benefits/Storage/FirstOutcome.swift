import Synchronization

/// The first of several racing outcomes, handed to one waiter; later outcomes are ignored.
///
/// For racing work that may never finish (see `PostgresConnection.endingOnClose`) against an
/// event that ends the wait: structured concurrency would wait for the stuck work too.
final class FirstOutcome<Value: Sendable>: Sendable {
    private enum State {
        case empty
        case waiting(CheckedContinuation<Value, any Error>)
        case settled(Result<Value, any Error>)
    }

    private let state = Mutex(State.empty)

    /// Records `outcome` unless one was recorded before; resumes the waiter if there is one.
    func settle(_ outcome: Result<Value, any Error>) {
        let waiter: CheckedContinuation<Value, any Error>? = state.withLock { state in
            switch state {
            case .empty:
                state = .settled(outcome)
                return nil
            case .waiting(let continuation):
                state = .settled(outcome)
                return continuation
            case .settled:
                return nil
            }
        }
        waiter?.resume(with: outcome)
    }

    /// The first outcome, once there is one. Awaited by one task only.
    func value() async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let settled: Result<Value, any Error>? = state.withLock { state in
                switch state {
                case .empty:
                    state = .waiting(continuation)
                    return nil
                case .settled(let outcome):
                    return outcome
                case .waiting:
                    return .failure(FirstOutcomeAwaitedTwice())
                }
            }
            if let settled { continuation.resume(with: settled) }
        }
    }
}

/// `FirstOutcome.value()` was awaited by a second task: a programming error, reported as one.
struct FirstOutcomeAwaitedTwice: Error {}
