import InsuranceDomain
import Kafka
import Logging
import ServiceLifecycle
import ServiceSupport

/// `/ready` and the progress watchdog.
///
/// `/ready` needs no sign-in, so what it asks must cost the ingestion nothing: it reads what
/// the pipeline already keeps (the database's last answer, the batches read and not yet
/// stored) and asks a dependency itself only when the pipeline has not heard from it for a
/// while, on resources the ingestion does not use: the HTTP side's pool and the dead-letter
/// producer's connections, never the ingestion's pool or the consumer's queue (which every
/// batch's offset commit waits in). `ReadinessProbe` computes it at most once a second.
///
/// The watchdog turns a hang into something seen: records read and not stored for
/// `stallLimit` make `/ready` 503 naming `progress`; for `stallExitLimit`, `ProgressWatchdog`
/// stops the service with `PipelineStalled`, so the process exits non-zero for its supervisor
/// to replace it.
extension IngestionPipeline {
    /// How recent an answer of the pipeline's own traffic must be to stand for a check.
    static let recentAnswer: Duration = .seconds(2)

    /// `database`, `broker` and `progress`, for `ReadinessProbe`. `api` is the HTTP side's store,
    /// asked `SELECT 1` only when the pipeline has not heard from the database lately.
    func readinessChecks(api: BenefitsStore) -> [ReadinessCheck] {
        [
            ReadinessCheck(name: "database") { await self.databaseProblem(api: api) },
            ReadinessCheck(name: "broker") { await self.brokerProblem() },
            ReadinessCheck(name: "progress") { await self.progressProblem() },
        ]
    }

    /// Nil when the migrations are applied and the database answered the pipeline's last
    /// attempt and answers now; else why not.
    func databaseProblem(api: BenefitsStore) async -> String? {
        let snapshot = state.snapshot
        if !snapshot.migrated { return "the schema migrations are not applied yet" }
        if snapshot.stopped { return "the ingestion pipeline stopped" }
        if !snapshot.databaseAvailable { return "the ingestion's last attempt found PostgreSQL unreachable; it retries" }
        if let answered = snapshot.databaseAnsweredAt, ContinuousClock.now - answered < Self.recentAnswer { return nil }
        let limit = configuration.databaseTimeout
        return await api.isReachable(within: limit) ? nil : "PostgreSQL did not answer SELECT 1 within \(limit.milliseconds) ms"
    }

    /// Nil when records arrived a moment ago or the broker answers the dead-letter producer's
    /// metadata request; else why not.
    func brokerProblem() async -> String? {
        if let read = await gate.lastReadAt, ContinuousClock.now - read < Self.recentAnswer { return nil }
        let limit = Self.recentAnswer
        return await producer.isBrokerReachable(timeout: limit) ? nil : "the broker did not answer a metadata request within \(limit.milliseconds) ms"
    }

    /// Nil once the consumer has joined its group, unless the pipeline stopped or records read
    /// have waited longer than `stallLimit` to be stored.
    func progressProblem() async -> String? {
        let snapshot = state.snapshot
        if snapshot.stopped { return "the ingestion pipeline stopped" }
        // A restarted member joins only when the group has rebalanced (after the session
        // timeout of the member it replaces): until then it stores nothing.
        if !snapshot.joinedGroup { return "the consumer has not joined its group yet (no assignment received)" }
        guard let waited = await stalledFor(), waited >= configuration.stallLimit else { return nil }
        return "records read \(waited.components.seconds) s ago are not stored yet (BENEFITS_STALL_MS \(configuration.stallLimit.milliseconds))"
    }

    /// How long the oldest batch read and not stored has waited; nil when none waits.
    func stalledFor() async -> Duration? {
        await gate.oldestUnstoredReadAt.map { ContinuousClock.now - $0 }
    }

}

/// The pipeline stored nothing of what it read for `limit`: the process exits for its
/// supervisor to replace it (the records will be read again).
struct PipelineStalled: Error, CustomStringConvertible {
    let waited: Duration
    let limit: Duration

    var description: String {
        "records read \(waited.components.seconds) s ago are not stored yet; giving up after BENEFITS_STALL_EXIT_MS \(limit.milliseconds) so that a supervisor restarts the service"
    }
}

/// Stops the service when the pipeline has stored nothing of what it read for
/// `stallExitLimit`. A member of the service's top-level group, not of the pipeline's: what
/// hangs may be the pipeline's own tasks, which a group waits for before it can throw; the
/// top-level group escalates a shutdown that takes too long to cancellation and then to a
/// crash (`BENEFITS_SHUTDOWN_MS`), so the process ends whatever hangs.
struct ProgressWatchdog: Service {
    let pipeline: IngestionPipeline
    let logger: Logger

    init(pipeline: IngestionPipeline, logger: Logger) {
        self.pipeline = pipeline
        self.logger = logger
    }

    /// Until graceful shutdown; throws `PipelineStalled` once records read have waited
    /// `stallExitLimit` to be stored.
    func run() async throws {
        let limit = pipeline.configuration.stallExitLimit
        let pipeline = self.pipeline
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    try await Task.sleep(for: .seconds(1))
                    if let waited = await pipeline.stalledFor(), waited >= limit {
                        throw PipelineStalled(waited: waited, limit: limit)
                    }
                }
            }
        } catch is CancellationError {
            return
        } catch let stalled as PipelineStalled {
            logger.critical("the pipeline makes no progress; stopping the service", metadata: ["reason": "\(stalled)"])
            throw stalled
        }
    }
}
