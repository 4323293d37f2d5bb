import InsuranceDomain
import Logging
import ServiceLifecycle
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
    /// `DatabaseInterrupted` instead of retrying (see `IngestionPipeline.finishAndCommit`).
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
        var statementTimeouts = 0
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
                // A statement the server cancelled for the statement timeout: the server runs
                // (no commit was lost, so it is no outage that would make the batch's lanes run
                // again). Work that outlasts it twice while the tables it writes are free is too
                // much work: waiting would stop the city for one person with a huge history or
                // one authoriser bound to thousands, so it is isolated like poison, down to the
                // person. Tables held by someone else (a migration, a lock) are waited out.
                if DatabaseMessage.isStatementTimeout(error) {
                    statementTimeouts += 1
                    if isolatingPoison, statementTimeouts >= 2, await store.writtenTablesAreFree() {
                        recordAvailable()
                        throw PoisonFailure(underlying: WorkTooLarge(statementTimeout: database.statementTimeout))
                    }
                    state.update { $0.statementTimeouts += 1 }
                    try await retryLater("statement timeout", what, ["attempt": "\(statementTimeouts)"], backoff: &backoff)
                    continue
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
                let message = LogText.escaped(DatabaseMessage.of(error, includeDetail: false))
                try await retryLater("database unavailable", what, ["error": "\(message)"], backoff: &backoff)
            }
        }
    }

    /// Logs that `what` is retried and why, then waits the backoff's next delay.
    private func retryLater(_ reason: String, _ what: String, _ detail: Logger.Metadata, backoff: inout Backoff) async throws {
        let delay = backoff.delay()
        logger.error(
            "\(reason); retrying",
            metadata: detail.merging(["operation": "\(what)", "retryIn": "\(delay)"]) { _, new in new }
        )
        try await RetryPolicy.pause(delay)
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

/// A step of the pipeline outlasted the statement timeout twice while its tables were free
/// (see `DatabaseRetry.run`): the refusal's reason names the limit.
struct WorkTooLarge: Error, CustomStringConvertible {
    let statementTimeout: Duration?

    var description: String {
        let limit = statementTimeout.map { " (PG_STATEMENT_TIMEOUT_MS \($0.milliseconds))" } ?? ""
        return "limit: storing these events and computing the coverage took longer than the statement timeout\(limit) twice"
    }
}

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

/// Exponential backoff: 100 ms doubling up to `cap`.
struct Backoff {
    let cap: Duration
    private(set) var next: Duration = .milliseconds(100)

    init(cap: Duration) {
        self.cap = cap
    }

    /// The delay before the next attempt; each call doubles the following one, up to `cap`.
    mutating func delay() -> Duration {
        let current = min(next, cap)
        next = min(next * 2, cap)
        return current
    }
}
