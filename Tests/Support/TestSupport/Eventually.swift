import Testing

/// How often `eventually` looks, and what it does when its time runs out.
public struct Polling: Sendable {
    public var interval: Duration
    public var onTimeout: Timeout

    /// What happens when the time runs out before the condition holds.
    public enum Timeout: Sendable {
        /// Records the issue "timed out waiting for: <what>" at the caller and returns: the test goes on.
        case recordIssue
        /// Records the issue "timed out after <limit>: <what>" at the caller and throws
        /// `CancellationError`: the test stops there.
        case recordIssueAndStop
        /// Throws the error built from "<what> did not happen within <limit>"; records nothing itself.
        case throwing(@Sendable (String) -> any Error)
    }

    public init(every interval: Duration, onTimeout: Timeout) {
        self.interval = interval
        self.onTimeout = onTimeout
    }

    /// Every 50 ms; on timeout records an issue and the test goes on (the Kafka tests).
    public static let goOn = Polling(every: .milliseconds(50), onTimeout: .recordIssue)
    /// Every 100 ms; on timeout records an issue and stops the test (the benefits tests).
    public static let stop = Polling(every: .milliseconds(100), onTimeout: .recordIssueAndStop)

    /// Every `interval` (200 ms unless said); on timeout throws `error` (the system tests' `SystemTestError`).
    public static func throwing(every interval: Duration = .milliseconds(200), _ error: @escaping @Sendable (String) -> any Error) -> Polling {
        Polling(every: interval, onTimeout: .throwing(error))
    }
}

/// Polls `condition` every `polling.interval` until it holds or `limit` passes, then looks once
/// more; if it still does not hold, does what `polling.onTimeout` says. An error the condition
/// throws ends the wait. Returns nothing, so that a closure whose last line it is stays `Void`.
public func eventually(
    _ what: String,
    within limit: Duration = .seconds(45),
    polling: Polling = .goOn,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: polling.interval)
    }
    if try await condition() { return }
    switch polling.onTimeout {
    case .recordIssue:
        Issue.record("timed out waiting for: \(what)", sourceLocation: sourceLocation)
    case .recordIssueAndStop:
        Issue.record("timed out after \(limit): \(what)", sourceLocation: sourceLocation)
        throw CancellationError()
    case .throwing(let error):
        throw error("\(what) did not happen within \(limit)")
    }
}
