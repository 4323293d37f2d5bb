import InsuranceDomain
import Logging
import PostgresNIO

/// The benefits service's PostgreSQL: raw events, refusals, derived coverage and bindings, offsets.
///
/// A batch's content is stored in one transaction with a constant number of round trips,
/// whatever the number of persons in it; its offsets are advanced after it (`advanceOffsets`).
package struct BenefitsStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    /// Batches of more events than this are probed for stored copies first and the new ones
    /// inserted directly; smaller ones go through one `INSERT … ON CONFLICT DO NOTHING` (both with
    /// array binds, `BatchWriter+DirectInsert`).
    let bulkThreshold: Int
    /// When false, a batch's lane commits do not wait for their WAL to reach disk
    /// (`synchronous_commit = off` for those transactions). Safe for the pipeline because a
    /// batch's offsets are stored in its last transaction, which is always durable and whose WAL
    /// flush covers the lanes' commits before it; and when the database was unreachable after
    /// the lanes committed (a crash may have lost them), the pipeline stores the lanes again
    /// before the offsets (`IngestionPipeline.finishAndCommit`). Storing is idempotent.
    let synchronousCommit: Bool
    /// The longest a read for the HTTP side (coverage, bindings, history, renewals) may take,
    /// waiting for a connection included, before it fails with `DatabaseUnreachable`; nil: no
    /// limit (see `PostgresClient.withReadConnection`).
    let readLimit: Duration?

    package init(
        client: PostgresClient,
        logger: Logger = Logger(label: "benefits.store"),
        bulkThreshold: Int = 2_000,
        synchronousCommit: Bool = true,
        readLimit: Duration? = nil
    ) {
        self.client = client
        self.logger = logger
        self.bulkThreshold = bulkThreshold
        self.synchronousCommit = synchronousCommit
        self.readLimit = readLimit
    }

    /// Stores a batch's content in one transaction: events once per (source, id), refusals once
    /// per Kafka record, and the recomputed coverage and bindings of every person with a new
    /// event. The offsets are not stored here: the pipeline stores a batch in lanes and advances
    /// the offsets once every lane has committed (`advanceOffsets`).
    ///
    /// `recompute` gets a person's whole stored history (in `eventTime` order) and returns what
    /// replaces the person's rows; it runs while the person's row is locked, so it must be quick and pure.
    /// An event the database refuses (a NUL byte, an index row too large) is recorded in
    /// `rejected_events` with the database's message and does not stop the batch.
    package func ingest(
        batch: IngestBatch,
        recompute: @escaping @Sendable (_ personId: String, _ history: [StoredEvent]) throws -> PersonResult
    ) async throws -> IngestOutcome {
        try await ingest(batch: batch, lane: HistoryClosureRecomputation(recompute: recompute))
    }

    /// `ingest(batch:recompute:)` with the caller's side of the transaction spelled out
    /// (`LaneRecomputation`): copies of stored ids whose content changed are refused in the same
    /// transaction (returned in `databaseRefusals`, for their dead letters), and a history the
    /// caller holds is not read back. `lane.committed()` is called once the transaction committed.
    func ingest(batch: IngestBatch, lane: some LaneRecomputation) async throws -> IngestOutcome {
        let outcome = try await client.withTransactionEndingOnClose(logger: logger) { connection in
            try await Self.keyedByPerson(connection, synchronousCommit: synchronousCommit, logger: logger)
            let writer = BatchWriter(connection: connection, logger: logger, bulkThreshold: bulkThreshold)
            var outcome = IngestOutcome()
            var events = batch.events
            var overLimit: [Refusal] = []
            if let limit = lane.beneficiariesPerAuthoriser {
                (events, overLimit) = try await writer.refusingBindingsBeyond(limit, of: events, authoriser: lane.authoriser(boundBy:))
            }
            let stored = try await writer.insertEventsIsolatingBadRows(events)
            let changed = lane.changedCopies(stored.alreadyStored)
            // Copies of an id whose first copy in the batch had other content, against the copy
            // that stands now (stored before the batch, or just now by this lane).
            let later = lane.refusedLaterCopies(batch.laterCopies, standing: try await writer.standingPayloads(of: batch.laterCopies))
            let recomputed = try await writer.recomputePersons(of: stored, with: lane)
            // Events beyond the bound per type and policy year were inserted and taken out again;
            // each of their records is refused, a re-sent copy in the same batch too.
            let beyondBound = IncomingEvent.records(of: events, withIds: Self.reasons(of: recomputed.refused)).map {
                Refusal(refusing: $0.event, reason: $0.value)
            }
            outcome.eventsStored = stored.count - recomputed.refused.count
            outcome.eventsRefusedByDatabase = stored.refusedByDatabase.count + beyondBound.count
            outcome.databaseRefusals = overLimit + stored.refusedByDatabase + changed + later + beyondBound
            outcome.eventsDuplicate =
                events.count - stored.count - stored.refusedByDatabase.count - changed.count
                - (beyondBound.count - recomputed.refused.count) + (batch.laterCopies.count - later.count)
            outcome.refusalsStored = try await writer.insertRefusals(batch.refusals + outcome.databaseRefusals)
            (outcome.periodsWritten, outcome.personsWithFamilyBindings) = (recomputed.periods, recomputed.withFamilyBindings)
            outcome.personsRecomputed = stored.persons.count
            return outcome
        }
        lane.committed()
        return outcome
    }

    /// The reason of each id that `refusals` refuse: a lane refuses an id once (its first copy is
    /// what the insert stored), and every record of it is refused (`IncomingEvent.records`).
    static func reasons(of refusals: [Refusal]) -> [EventIdentity: String] {
        var reasons: [EventIdentity: String] = [:]
        for refusal in refusals {
            guard let source = refusal.source, let id = refusal.eventId else { continue }
            reasons[EventIdentity(source: source, id: id)] = refusal.reason
        }
        return reasons
    }

    /// Settings of a transaction whose statements all look rows up by person (one round trip):
    ///
    /// - `enable_seqscan = off`: `person_id = ANY($1)` over a batch's thousands of persons looks
    ///   cheaper to the planner as a sequential scan of the whole table than as as many index
    ///   probes, and it stays so as the table grows: measured in the benefits bench, the derived
    ///   tables were read whole by every lane of every batch (millions of rows per batch, never
    ///   their person index), most of PostgreSQL's CPU. Off, the person indexes are used.
    /// - `synchronous_commit`: off for the lanes unless asked (see `synchronousCommit`).
    static func keyedByPerson(_ connection: PostgresConnection, synchronousCommit: Bool, logger: Logger) async throws {
        try await connection.run(
            """
            SELECT set_config('enable_seqscan', 'off', true), set_config('synchronous_commit', \(synchronousCommit ? "on" : "off"), true)
            """,
            logger: logger
        )
    }

    /// Stores the group's next offsets (never moving one backwards). With `serverStart`, throws
    /// `ServerRestarted` and stores nothing unless the server is still the one that started then.
    func advanceOffsets(group: String, to offsets: [TopicPartition: Int64], serverStart: Int64? = nil) async throws {
        guard !offsets.isEmpty else { return }
        try await client.withTransactionEndingOnClose(logger: logger) { connection in
            // Durable even when the server's default is not: see `applyFamilyAccountLimit`.
            try await connection.run("SET LOCAL synchronous_commit = on", logger: logger)
            try await Self.advanceOffsets(group: group, to: offsets, serverStart: serverStart, on: connection, logger: logger)
        }
    }

    static func advanceOffsets(
        group: String,
        to offsets: [TopicPartition: Int64],
        serverStart: Int64? = nil,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        guard !offsets.isEmpty else { return }
        let stored = try await connection.rows(
            Statements.AdvanceOffsets(group: group, offsets: offsets, serverStart: serverStart),
            logger: logger
        )
        if stored.isEmpty, serverStart != nil { throw ServerRestarted() }
    }

    /// PostgreSQL's start time in microseconds since the epoch, exact (`extract` gives a
    /// numeric): a different value means the server restarted, and may have lost commits it had
    /// acknowledged with `synchronous_commit = off`.
    static let serverStartExpression = "(extract(epoch FROM pg_postmaster_start_time()) * 1000000)::int8"

    /// The server's start time (`serverStartExpression`), for `advanceOffsets(serverStart:)`.
    func serverStart() async throws -> Int64 {
        try await client.withConnectionEndingOnClose { connection in
            try await connection.rows(
                PostgresQuery(unsafeSQL: "SELECT \(Self.serverStartExpression)"),
                decoding: Int64.self,
                logger: logger
            ).first ?? 0
        }
    }

    /// The group's stored next offsets, to seek to when partitions are assigned.
    func offsets(group: String) async throws -> [TopicPartition: Int64] {
        try await client.withConnectionEndingOnClose { connection in
            var offsets: [TopicPartition: Int64] = [:]
            for (partition, next) in try await connection.rows(Statements.LoadOffsets(group: group), logger: logger) {
                offsets[partition] = next
            }
            return offsets
        }
    }

    /// The person's stored events in business-time order (empty for an unknown person).
    func history(personId: String) async throws -> [StoredEvent] {
        try await read(Statements.LoadHistory(personIds: [personId]))
    }

    /// The person's coverage periods in `startsOn` order.
    func coverage(personId: String) async throws -> [CoveragePeriodRow] {
        try await read(Statements.LoadCoverage(personId: personId))
    }

    /// The person's outpatient facility bindings, in force and past, in `boundOn` order.
    func facilityBindings(personId: String) async throws -> [FacilityBindingRow] {
        try await read(Statements.LoadFacilityBindings(personId: personId))
    }

    /// The person's family account bindings in the order the accounts are used.
    func familyBindings(personId: String) async throws -> [FamilyAccountBindingRow] {
        try await read(Statements.LoadFamilyBindings(personId: personId))
    }

    /// All rows of one statement, read within `readLimit` (a connection whose statement the
    /// server refused is closed, see `PostgresConnection.closingOnServerRefusal`).
    func read<Statement: PostgresPreparedStatement & Sendable>(
        _ statement: Statement
    ) async throws -> [Statement.Row] where Statement.Row: Sendable {
        try await read { try await $0.rows(statement, logger: $1) }
    }

    /// The rows `body` reads, within `readLimit` (see `read(_:)`).
    func read<Row: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> [Row]
    ) async throws -> [Row] {
        let logger = self.logger
        return try await client.withReadConnection(within: readLimit) { try await body($0, logger) }
    }
}

/// The offsets were not stored: PostgreSQL restarted since the batch's lanes committed, and a
/// crash may have taken their asynchronous commits away. The pipeline stores the batch again.
struct ServerRestarted: Error, CustomStringConvertible {
    var description: String { "PostgreSQL restarted after the batch's lanes committed; offsets not stored" }
}

extension BenefitsStore {
    /// Whether PostgreSQL answers `SELECT 1` within `limit` (for `/ready`; the pipeline asks once per
    /// batch and before every retry).
    func isReachable(within limit: Duration) async -> Bool {
        (try? await ensureReachable(within: limit)) != nil
    }

    /// Throws `DatabaseUnreachable` unless PostgreSQL answers `SELECT 1` within `limit`
    /// (see `PostgresClient.withReadConnection`).
    func ensureReachable(within limit: Duration) async throws {
        let logger = self.logger
        try await client.withReadConnection(within: limit) { connection in
            try await connection.run("SELECT 1", logger: logger)
        }
    }

    /// Whether the tables the ingestion writes can be written now: their `ROW EXCLUSIVE` locks
    /// (what `INSERT`, `UPDATE` and `DELETE` take) are granted within a second. False when
    /// someone holds a conflicting lock (a migration, `LOCK TABLE`, `VACUUM FULL`) or the
    /// database does not answer. Nothing is written.
    func writtenTablesAreFree() async -> Bool {
        let logger = self.logger
        do {
            try await client.withTransactionEndingOnClose(logger: logger) { connection in
                try await connection.run("SET LOCAL lock_timeout = '1s'", logger: logger)
                try await connection.run(
                    """
                    LOCK TABLE events, persons, coverage_periods, facility_bindings, family_account_bindings,
                      person_facts, rejected_events, coverage_revisions, coverage_outbox IN ROW EXCLUSIVE MODE
                    """,
                    logger: logger
                )
            }
            return true
        } catch {
            return false
        }
    }
}

extension BenefitsStore {
    /// The default-renewal cohort of `policyYear` from the view `renewal_outlook`, in person
    /// order; only `status` when given.
    func renewals(policyYear: Int, status: String? = nil, after: String? = nil, limit: Int = 1_000) async throws -> [RenewalRow] {
        try await read { connection, logger in
            try await connection.rows(
                """
                SELECT person_id::text, status, first_covered_on
                FROM renewal_outlook
                WHERE policy_year = \(policyYear) AND (\(status)::text IS NULL OR status = \(status))
                  AND (\(after)::text IS NULL OR person_id > \(after))
                ORDER BY person_id
                LIMIT \(limit)
                """,
                decoding: (String, String, LocalDate?).self,
                logger: logger
            )
            .map { RenewalRow(personId: $0, status: $1, firstCoveredOn: $2) }
        }
    }

    /// How many members of the cohort of `policyYear` have each status (statuses with none are absent).
    func renewalCounts(policyYear: Int) async throws -> [String: Int] {
        let rows = try await read { connection, logger in
            try await connection.rows(
                "SELECT status, count(*)::int8 FROM renewal_outlook WHERE policy_year = \(policyYear) GROUP BY status",
                decoding: (String, Int).self,
                logger: logger
            )
        }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }
}
