import Synchronization

/// What `/ready` and tests read about the pipeline while it runs.
package final class PipelineState: Sendable {
    private let state = Mutex(Snapshot())

    package struct Snapshot: Sendable, Hashable {
        /// False from a failed database attempt until the next success.
        var databaseAvailable = true
        /// When the database last answered a pipeline step.
        var databaseAnsweredAt: ContinuousClock.Instant?
        /// True once the migrations are applied: until then `/ready` says the database is not,
        /// and the API and pages answer 503 without querying it (`DatabaseGate`).
        var migrated = false
        /// Set when the pipeline stopped for good (an error other than a graceful shutdown).
        var stopped = false
        /// PostgreSQL's start time as the pipeline last saw it (`BenefitsStore.serverStart()`);
        /// nil until the first batch and after an outage.
        var serverStart: Int64?
        /// Batches whose lanes ran again because the database was unreachable or had restarted
        /// after they committed, before the offsets were stored.
        var batchesStoredAgain = 0
        /// Statements the server cancelled for the statement timeout (each retried, or isolated
        /// as too much work; see `DatabaseRetry`).
        var statementTimeouts = 0
        /// Times a database operation found the database unreachable (each failed attempt).
        var databaseOutages = 0
        package var batchesStored = 0
        package var eventsStored = 0
        package var refusalsStored = 0
        /// Events already stored before (re-deliveries, duplicates).
        package var duplicatesSkipped = 0
        /// Kafka records in committed batches (re-deliveries counted again).
        package var recordsProcessed = 0
        /// True from the group's first assignment to this member (even of no partitions): until
        /// then it consumes nothing, and `/ready` says so (`progress`).
        var joinedGroup = false
        /// Partitions the group assigned to this member now (after seeking to their stored offsets).
        var assignedPartitions = 0
    }

    init() {}

    package var snapshot: Snapshot { state.withLock { $0 } }

    func update(_ body: (inout Snapshot) -> Void) {
        state.withLock { body(&$0) }
    }
}
