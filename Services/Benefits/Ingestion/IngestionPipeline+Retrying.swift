import ServiceLifecycle
import ServiceSupport

extension IngestionPipeline {
    /// Runs `body` until it succeeds, backing off exponentially (up to `retryCap`) and
    /// reporting the database as unavailable meanwhile; stops on graceful shutdown.
    /// `databaseJustAnswered` skips the reachability check of the first attempt only.
    /// With `isolatingPoison`, a failure caused by the content (`FailureClass.poison`) is not
    /// retried but thrown as `PoisonFailure`, for the caller to isolate.
    /// With `abandonOnOutage`, the first failure of an unreachable database throws
    /// `DatabaseInterrupted` instead of retrying (see `storeAndCommit`).
    func retrying<Result: Sendable>(
        _ what: String, databaseJustAnswered: Bool = false, isolatingPoison: Bool = false, abandonOnOutage: Bool = false,
        _ body: @Sendable () async throws -> Result
    ) async throws -> Result {
        var backoff = Backoff(cap: configuration.retryCap)
        var checkFirst = !databaseJustAnswered
        var diagnosed = false
        while true {
            do {
                // Asked first, with a deadline: a transaction's own wait for a connection would
                // last until the pool's circuit breaker opens, with nothing reported meanwhile.
                if checkFirst { try await store.ensureReachable(within: configuration.databaseTimeout) }
                checkFirst = true
                let result = try await body()
                state.update { $0.databaseAvailable = true }
                metrics.recordDatabase(available: true)
                return result
            } catch {
                if isolatingPoison, FailureClass.of(error) == .poison {
                    // The database answered: it is the content it refused.
                    state.update { $0.databaseAvailable = true }
                    metrics.recordDatabase(available: true)
                    throw PoisonFailure(underlying: error)
                }
                if !diagnosed, error is DatabaseUnreachable {
                    // The pool only says it timed out; one direct connection says why (TLS
                    // refused, login failed…), logged on the side so the backoff is not delayed.
                    diagnosed = true
                    let (settings, logger) = (configuration.database, self.logger)
                    Task {
                        guard let problem = await settings.connectionProblem() else { return }
                        logger.error("database connection problem", metadata: ["cause": "\(LogText.escaped(problem))"])
                    }
                }
                state.update {
                    $0.databaseAvailable = false
                    $0.databaseOutages += 1
                }
                metrics.recordDatabase(available: false)
                if abandonOnOutage { throw DatabaseInterrupted() }
                let delay = backoff.delay()
                logger.error("database unavailable; retrying", metadata: [
                    "operation": "\(what)", "error": "\(LogText.escaped(DatabaseMessage.of(error, includeDetail: false)))",
                    "retryIn": "\(delay)",
                ])
                try await pause(delay)
            }
        }
    }

    func pause(_ delay: Duration) async throws {
        if Task.isShuttingDownGracefully || Task.isCancelled { throw CancellationError() }
        try await Task.sleep(for: delay)
        if Task.isShuttingDownGracefully { throw CancellationError() }
    }
}

/// The database became unreachable after a batch's lanes had committed: with asynchronous
/// commit a crash may have lost those commits, so the batch is stored again (storing is
/// idempotent) before its offsets are.
struct DatabaseInterrupted: Error {}
