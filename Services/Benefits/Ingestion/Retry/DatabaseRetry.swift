import Logging
import ServiceSupport

/// Runs database work until it succeeds, waiting out an unreachable database: the one place
/// that decides whether a failure is an outage (retry, report not ready) or the content's fault
/// (poison, for the caller to isolate).
struct DatabaseRetry: Sendable {
    let store: BenefitsStore
    let state: PipelineState
    let metrics: PipelineMetrics
    let policy: RetryPolicy
    /// How long the reachability check before an attempt may take.
    let reachabilityTimeout: Duration
    /// For the one direct connection that says why the pool cannot connect.
    let database: DatabaseSettings
    let logger: Logger

    /// Runs `body` until it succeeds, backing off (see `RetryPolicy`) and reporting the
    /// database as unavailable meanwhile; stops on graceful shutdown.
    /// `databaseJustAnswered` skips the reachability check of the first attempt only.
    /// With `isolatingPoison`, a failure caused by the content (`FailureClass.poison`) is not
    /// retried but thrown as `PoisonFailure`, for the caller to isolate.
    /// With `abandonOnOutage`, the first failure of an unreachable database throws
    /// `DatabaseInterrupted` instead of retrying (see `storeAndCommit`).
    func run<Result: Sendable>(
        _ what: String,
        databaseJustAnswered: Bool = false,
        isolatingPoison: Bool = false,
        abandonOnOutage: Bool = false,
        _ body: @Sendable () async throws -> Result
    ) async throws -> Result {
        var backoff = policy.backoff()
        var checkFirst = !databaseJustAnswered
        var diagnosed = false
        while true {
            do {
                // Asked first, with a deadline: a transaction's own wait for a connection would
                // last until the pool's circuit breaker opens, with nothing reported meanwhile.
                if checkFirst { try await store.ensureReachable(within: reachabilityTimeout) }
                checkFirst = true
                let result = try await body()
                recordAvailable()
                return result
            } catch {
                if isolatingPoison, FailureClass.of(error) == .poison {
                    // The database answered: it is the content it refused.
                    recordAvailable()
                    throw PoisonFailure(underlying: error)
                }
                if !diagnosed, error is DatabaseUnreachable {
                    diagnosed = true
                    diagnoseConnection()
                }
                state.update {
                    $0.databaseAvailable = false
                    $0.databaseOutages += 1
                }
                metrics.recordDatabase(available: false)
                if abandonOnOutage { throw DatabaseInterrupted() }
                let delay = backoff.delay()
                logger.error(
                    "database unavailable; retrying",
                    metadata: [
                        "operation": "\(what)", "error": "\(LogText.escaped(DatabaseMessage.of(error, includeDetail: false)))",
                        "retryIn": "\(delay)",
                    ]
                )
                try await RetryPolicy.pause(delay)
            }
        }
    }

    private func recordAvailable() {
        state.update {
            $0.databaseAvailable = true
            $0.databaseAnsweredAt = .now
        }
        metrics.recordDatabase(available: true)
    }

    /// The pool only says it timed out; one direct connection says why (TLS refused, login
    /// failed…), logged on the side so that the backoff is not delayed.
    private func diagnoseConnection() {
        let (database, logger) = (self.database, self.logger)
        Task {
            guard let problem = await database.connectionProblem() else { return }
            logger.error("database connection problem", metadata: ["cause": "\(LogText.escaped(problem))"])
        }
    }
}

/// The database became unreachable after a batch's lanes had committed: with asynchronous
/// commit a crash may have lost those commits, so the batch is stored again (storing is
/// idempotent) before its offsets are.
struct DatabaseInterrupted: Error {}
