import ServiceLifecycle

/// How the pipeline waits between attempts at what must eventually succeed (the database, the
/// broker's acknowledgement of dead letters): exponential backoff from 100 ms up to `cap`,
/// and no waiting at all once the service is shutting down.
struct RetryPolicy: Sendable {
    /// The longest wait between two attempts (`BENEFITS_RETRY_CAP_MS`).
    let cap: Duration

    /// A fresh backoff for one operation's attempts.
    func backoff() -> Backoff { Backoff(cap: cap) }

    /// Waits `delay`; throws `CancellationError` instead when a graceful shutdown has begun
    /// (before or during the wait) or the task is cancelled, so a retry loop ends promptly and
    /// the records not stored are read again by the next owner of their partitions.
    static func pause(_ delay: Duration) async throws {
        if Task.isShuttingDownGracefully || Task.isCancelled { throw CancellationError() }
        try await Task.sleep(for: delay)
        if Task.isShuttingDownGracefully { throw CancellationError() }
    }
}
