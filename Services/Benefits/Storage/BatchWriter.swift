import InsuranceDomain
import Logging
import PostgresNIO
import Tracing

/// The statements of one ingest transaction, on its connection.
struct BatchWriter {
    let connection: PostgresConnection
    let logger: Logger
    let bulkThreshold: Int

    /// Newly stored events and the events the database refused.
    struct StoredEvents {
        var count = 0
        /// Per person with a newly stored event: those events, and how many the person had before.
        var persons: [String: NewEvents] = [:]
        var refusedByDatabase: [Refusal] = []
        /// Events not stored because their (source, id) was already stored, with the stored
        /// copy's payload (a re-delivery, or a changed copy for the caller to refuse): every
        /// copy of the batch, in batch order (`everyCopy`).
        var alreadyStored: [(event: IncomingEvent, storedPayload: String)] = []

        /// Adds what another insert stored (the one-by-one path): a person's count before the
        /// first of them stays.
        mutating func add(_ other: StoredEvents) {
            count += other.count
            for (person, new) in other.persons {
                if persons[person] == nil {
                    persons[person] = new
                } else {
                    persons[person]?.events += new.events
                }
            }
            alreadyStored += other.alreadyStored
        }
    }

    /// A person's events stored by this batch.
    struct NewEvents {
        var events: [IncomingEvent]
        /// Events stored for the person before this batch (`persons.event_count` minus the new ones).
        var storedBefore: Int
    }

    /// Every record of `events` whose id was found stored (`found`, one per id), with the stored
    /// payload (`IncomingEvent.records`): the batch keeps later copies whose content equals the
    /// first's, and a changed copy sent twice is refused twice. `distinct`, the number of ids in
    /// `events`: when it is `events.count`, `found` is every record already (the usual batch).
    static func everyCopy(
        in events: [IncomingEvent],
        distinct: Int,
        storedAs found: [(event: IncomingEvent, storedPayload: String)]
    ) -> [(event: IncomingEvent, storedPayload: String)] {
        guard distinct < events.count else { return found }
        let payloads = Dictionary(found.map { ($0.event.identity, $0.storedPayload) }, uniquingKeysWith: { first, _ in first })
        return IncomingEvent.records(of: events, withIds: payloads).map { ($0.event, $0.value) }
    }

    /// The stored payloads of the later copies' ids (by index), as this transaction sees them:
    /// one lookup, only for a batch that has such copies.
    func standingPayloads(of copies: [LaterCopy]) async throws -> [Int: String] {
        guard !copies.isEmpty else { return [:] }
        return try await BenefitsStore.storedPayloads(of: copies.map(\.event), on: connection, logger: logger)
    }

    /// Inserts the events; when the database refuses the batch because of a row's data, retries
    /// them one by one, each in a savepoint, and turns the refused ones into refusals.
    func insertEventsIsolatingBadRows(_ events: [IncomingEvent]) async throws -> StoredEvents {
        guard !events.isEmpty else { return StoredEvents() }
        try await connection.run("SAVEPOINT batch_events", logger: logger)
        do {
            let stored = try await insertEvents(events)
            try await connection.run("RELEASE SAVEPOINT batch_events", logger: logger)
            return stored
        } catch  where DatabaseMessage.isCausedByData(error) {
            try await connection.run("ROLLBACK TO SAVEPOINT batch_events", logger: logger)
        }
        var stored = StoredEvents()
        for event in events {
            try await connection.run("SAVEPOINT one_event", logger: logger)
            do {
                let one = try await insertEvents([event])
                try await connection.run("RELEASE SAVEPOINT one_event", logger: logger)
                stored.add(one)
            } catch  where DatabaseMessage.isCausedByData(error) {
                try await connection.run("ROLLBACK TO SAVEPOINT one_event", logger: logger)
                stored.refusedByDatabase.append(Refusal(refusing: event, reason: DatabaseMessage.refusalReason(error)))
            }
        }
        return stored
    }

    private func insertEvents(_ events: [IncomingEvent]) async throws -> StoredEvents {
        if events.count > bulkThreshold, let stored = try await insertNewEventsDirectly(events) { return stored }
        return try await insertEventsSkippingDuplicates(events)
    }

    /// Inserts the events with `ON CONFLICT DO NOTHING`, creating or locking their persons in
    /// the same statement, which answers per person the ids it stored and the person's count;
    /// the stored copies of the events it did not store are then read (usually none are).
    private func insertEventsSkippingDuplicates(_ events: [IncomingEvent]) async throws -> StoredEvents {
        let rows = StoredTables.eventRows(events)
        let unnest = rows.unnestSource()
        // One statement stores the events, and creates or updates (so locks) the `persons` rows of
        // those with new events, in person_id order so that two transactions on the same persons wait
        // for each other rather than deadlock; the rows stay locked while their coverage is recomputed.
        let sql = """
            WITH inserted AS (
                INSERT INTO events (\(rows.columnList))
                SELECT \(rows.selectList(from: "u")) FROM \(unnest.sql)
                ON CONFLICT (source, event_id) DO NOTHING
                RETURNING person_id, source, event_id
            ), counted AS (
                SELECT person_id, count(*) AS events FROM inserted GROUP BY person_id
            ), locked AS (
                INSERT INTO persons AS p (person_id, event_count)
                SELECT person_id, events FROM counted ORDER BY person_id
                ON CONFLICT (person_id)
                DO UPDATE SET event_count = p.event_count + EXCLUDED.event_count, updated_at = now()
                RETURNING p.person_id, p.event_count
            )
            SELECT l.person_id::text, l.event_count, array_agg(i.source::text), array_agg(i.event_id::text)
            FROM locked l JOIN inserted i ON i.person_id = l.person_id
            GROUP BY l.person_id, l.event_count
            """
        var byIdentity: [EventIdentity: IncomingEvent] = [:]
        byIdentity.reserveCapacity(events.count)
        for event in events where byIdentity[EventIdentity(source: event.source, id: event.eventId)] == nil {
            byIdentity[EventIdentity(source: event.source, id: event.eventId)] = event
        }
        var stored = StoredEvents()
        var insertedIdentities = Set<EventIdentity>()
        let result = try await connection.rows(
            PostgresQuery(unsafeSQL: sql, binds: unnest.bindings),
            decoding: (String, Int32, [String], [String]).self,
            logger: logger
        )
        for (person, count, sources, ids) in result {
            let identities = zip(sources, ids).map { EventIdentity(source: $0, id: $1) }
            insertedIdentities.formUnion(identities)
            let new = identities.compactMap { byIdentity[$0] }
            stored.count += new.count
            stored.persons[person] = NewEvents(events: new, storedBefore: max(0, Int(count) - new.count))
        }
        // Copies of ids stored before this batch: re-deliveries, or changed copies to refuse.
        let notInserted = byIdentity.filter { !insertedIdentities.contains($0.key) }.map(\.value)
        if !notInserted.isEmpty {
            let payloads = try await BenefitsStore.storedPayloads(of: notInserted, on: connection, logger: logger)
            stored.alreadyStored = Self.everyCopy(
                in: events,
                distinct: byIdentity.count,
                storedAs: payloads.map { (notInserted[$0.key], $0.value) }
            )
        }
        return stored
    }

    /// Records refusals once per Kafka record; returns how many were new.
    func insertRefusals(_ refusals: [Refusal]) async throws -> Int {
        guard !refusals.isEmpty else { return 0 }
        let rows = StoredTables.refusalRows(refusals)
        let unnest = rows.unnestSelect()
        let sql = """
            WITH inserted AS (
                INSERT INTO rejected_events (\(rows.columnList)) \(unnest.sql)
                ON CONFLICT (topic, partition, kafka_offset) DO NOTHING
                RETURNING 1
            )
            SELECT count(*) FROM inserted
            """
        let result = try await connection.rows(
            PostgresQuery(unsafeSQL: sql, binds: unnest.bindings),
            decoding: Int.self,
            logger: logger
        )
        return result.last ?? 0
    }

    /// Every stored event of the persons, in one query.
    func loadHistories(_ personIds: [String]) async throws -> [String: [StoredEvent]] {
        var histories: [String: [StoredEvent]] = [:]
        histories.reserveCapacity(personIds.count)
        for event in try await connection.rows(Statements.LoadHistory(personIds: personIds), logger: logger) {
            histories[event.personId, default: []].append(event)
        }
        return histories
    }

    /// Makes the persons' coverage periods, bindings and facts those of `results`, writing only
    /// what differs from the stored rows (`Statements.ReplaceDerivedRows`); returns the number of
    /// periods the persons have. Only the stored rows of `replacing` are compared (a person seen
    /// for the first time has none). One statement, one round trip.
    func replaceDerivedRows(
        of replacing: [String],
        with results: [(personId: String, result: PersonResult)]
    ) async throws -> Int {
        let rows = StoredTables.derivedRows(results)
        let statement = Statements.ReplaceDerivedRows(
            persons: replacing,
            periods: rows.periods,
            facility: rows.facility,
            family: rows.family,
            facts: rows.facts,
            lists: rows.lists
        )
        try await connection.run(statement.query(), logger: logger)
        return rows.periods.count
    }

    /// Deletes events this transaction inserted and the lane refused after all (`LaneResult.refused`),
    /// and takes them off their persons' counts, so that the transaction commits as if they had
    /// never been inserted. Nothing to do, no round trip, in the usual batch.
    func removeRefused(_ refused: [Refusal]) async throws {
        let identities = refused.compactMap { refusal in refusal.source.flatMap { source in refusal.eventId.map { (source, $0) } } }
        guard !identities.isEmpty else { return }
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(identities.map(\.0))
        bindings.append(identities.map(\.1))
        try await connection.run(
            PostgresQuery(
                unsafeSQL: """
                    WITH removed AS (
                        DELETE FROM events AS e USING unnest($1::text[], $2::text[]) AS r(source, event_id)
                        WHERE e.source = r.source AND e.event_id = r.event_id
                        RETURNING e.person_id
                    )
                    UPDATE persons AS p SET event_count = p.event_count - c.removed
                    FROM (SELECT person_id, count(*) AS removed FROM removed GROUP BY person_id) AS c
                    WHERE p.person_id = c.person_id
                    """,
                binds: bindings
            ),
            logger: logger
        )
    }

    /// One INSERT of every row, the columns bound as arrays.
    ///
    /// Why not COPY, which costs PostgreSQL less: PostgresNIO 1.33's `copyFrom` is not safe
    /// when the server ends the connection mid-COPY (a crash): it traps ("Copy mode is only
    /// supported for extended queries") or never returns (its continuation leaks), which
    /// stopped the pipeline in DatabaseCrashTests. An INSERT fails like any other statement.
    func insert(_ rows: BulkRows, into table: String) async throws {
        guard rows.count > 0 else { return }
        let unnest = rows.unnestSelect()
        try await connection.run(
            PostgresQuery(unsafeSQL: "INSERT INTO \(table) (\(rows.columnList)) \(unnest.sql)", binds: unnest.bindings),
            logger: logger
        )
    }
}

extension BatchWriter {
    /// Recomputes every person with a newly stored event and replaces their derived rows;
    /// returns the number of coverage periods written. A person's history is read back only
    /// when they had events before this batch and `lane` does not hold them; a person seen
    /// for the first time has no derived rows to delete. A failure of the computation is thrown
    /// as `ComputationFailure` (the content's fault, not the database's), which rolls the
    /// transaction back.
    func recomputePersons(
        of stored: StoredEvents,
        with lane: some LaneRecomputation
    ) async throws -> (periods: Int, withFamilyBindings: Set<String>, refused: [Refusal]) {
        let persons = stored.persons.keys.sorted()
        guard !persons.isEmpty else { return (0, [], []) }
        // A child of the batch's `store lane` span when the batch is traced (docs/tracing.md).
        return try await withSpan("recompute coverage", ofKind: .internal) { span in
            let returning = persons.filter { (stored.persons[$0]?.storedBefore ?? 0) > 0 }
            let unheld = returning.filter { person in
                !lane.holdsHistory(of: person, storedBefore: stored.persons[person]?.storedBefore ?? 0)
            }
            span.attributes["insurance.persons"] = persons.count
            span.attributes["insurance.persons.returning"] = returning.count
            span.attributes["insurance.persons.read_back"] = unheld.count
            let histories = unheld.isEmpty ? [:] : try await loadHistories(unheld)
            let readBack = Set(unheld)
            var results: [(personId: String, result: PersonResult)] = []
            results.reserveCapacity(persons.count)
            var refused: [Refusal] = []
            for person in persons {
                let new = stored.persons[person] ?? NewEvents(events: [], storedBefore: 0)
                do {
                    // Read back: the whole stored history (empty if it vanished); else held or new.
                    let history = readBack.contains(person) ? histories[person] ?? [] : nil
                    let result = try lane.result(personId: person, stored: history, new: new.events, storedBefore: new.storedBefore)
                    results.append((person, result.rows))
                    refused += result.refused
                } catch {
                    throw ComputationFailure(underlying: error)
                }
            }
            try await removeRefused(refused)
            let periods = try await replaceDerivedRows(of: returning, with: results)
            return (periods, Set(results.lazy.filter { !$0.result.familyBindings.isEmpty }.map(\.personId)), refused)
        }
    }
}
