import InsuranceDomain
import Logging
import PostgresNIO

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
        /// copy's payload (a re-delivery, or a changed copy for the caller to refuse).
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
                stored.refusedByDatabase.append(
                    Refusal(
                        source: event.source,
                        eventId: event.eventId,
                        type: event.type,
                        reason: DatabaseMessage.refusalReason(error),
                        payload: event.payload,
                        topic: event.topic,
                        partition: event.partition,
                        offset: event.offset
                    )
                )
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
        let result = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: unnest.bindings), logger: logger)
        for try await (person, count, sources, ids) in result.decode((String, Int32, [String], [String]).self) {
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
            stored.alreadyStored = payloads.sorted { $0.key < $1.key }.map { (notInserted[$0.key], $0.value) }
        }
        return stored
    }

    /// Splits `events` into those to store and the family-account bindings refused because
    /// their authoriser already has `limit` distinct beneficiaries bound and the binding's
    /// person is not one of them (`BenefitsConfiguration.beneficiariesPerAuthoriser`).
    /// One statement, only when the events hold a binding.
    ///
    /// The count stays true until commit: each authoriser's count is read under a transaction
    /// advisory lock on it, taken in authoriser order before any `persons` row is locked (every
    /// lane takes these first), so two lanes binding persons to one authoriser wait for each
    /// other instead of both passing the bound, and never deadlock.
    func refusingBindingsBeyond(
        _ limit: Int,
        of events: [IncomingEvent],
        authoriser: (IncomingEvent) -> String?
    ) async throws -> (admitted: [IncomingEvent], refused: [Refusal]) {
        let bindings = events.indices.compactMap { index in authoriser(events[index]).map { (index, $0) } }
        guard !bindings.isEmpty else { return (events, []) }
        let authorisers = Set(bindings.map(\.1)).sorted()
        let persons = Set(bindings.map { events[$0.0].personId }).sorted()
        // The locks first, in a statement of their own: a statement reads the rows committed when
        // it began, so the count is read by the next one, after any lane it waited for committed.
        try await connection.run(
            PostgresQuery(
                unsafeSQL: """
                    SELECT pg_advisory_xact_lock(\(Self.authoriserLockClass), hashtext(a.authoriser_id)) \
                    FROM (SELECT authoriser_id FROM unnest($1::text[]) AS authoriser_id ORDER BY 1) AS a
                    """,
                binds: {
                    var binds = PostgresBindings(capacity: 1)
                    binds.append(authorisers)
                    return binds
                }()
            ),
            logger: logger
        )
        // Per authoriser: its distinct beneficiaries, and which of the bindings' persons are among them.
        let sql = """
            SELECT a.authoriser_id, \
            (SELECT count(DISTINCT f.person_id) FROM family_account_bindings f WHERE f.authoriser_id = a.authoriser_id)::int8, \
            ARRAY(SELECT DISTINCT f.person_id::text FROM family_account_bindings f \
            WHERE f.authoriser_id = a.authoriser_id AND f.person_id = ANY($2::text[])) \
            FROM unnest($1::text[]) AS a(authoriser_id)
            """
        var binds = PostgresBindings(capacity: 2)
        binds.append(authorisers)
        binds.append(persons)
        var beneficiaries: [String: (count: Int, persons: Set<String>)] = [:]
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        for try await (authoriserId, count, bound) in rows.decode((String, Int64, [String]).self) {
            beneficiaries[authoriserId] = (Int(count), Set(bound))
        }
        var refusedAt: Set<Int> = []
        var refused: [Refusal] = []
        for (index, authoriserId) in bindings {
            let person = events[index].personId
            var known = beneficiaries[authoriserId] ?? (0, [])
            if known.persons.contains(person) { continue }
            if known.count >= limit {
                refusedAt.insert(index)
                let event = events[index]
                refused.append(
                    Refusal(
                        source: event.source,
                        eventId: event.eventId,
                        type: event.type,
                        reason: Self.beneficiariesLimitReason(limit),
                        payload: event.payload,
                        topic: event.topic,
                        partition: event.partition,
                        offset: event.offset
                    )
                )
                continue
            }
            known.count += 1
            known.persons.insert(person)
            beneficiaries[authoriserId] = known
        }
        guard !refusedAt.isEmpty else { return (events, []) }
        return (events.indices.filter { !refusedAt.contains($0) }.map { events[$0] }, refused)
    }

    /// The first key of the advisory locks on authorisers (`refusingBindingsBeyond`): "auth" in ASCII.
    static let authoriserLockClass: Int32 = 0x6175_7468

    static func beneficiariesLimitReason(_ limit: Int) -> String {
        "limit: the authoriser already has the most beneficiaries one authoriser may have bound "
            + "(\(limit), BENEFITS_BENEFICIARIES_PER_AUTHORISER_MAX); the binding's person is not one of them"
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
        let result = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: unnest.bindings), logger: logger)
        var count = 0
        for try await inserted in result.decode(Int.self) { count = inserted }
        return count
    }

    /// Every stored event of the persons, in one query.
    func loadHistories(_ personIds: [String]) async throws -> [String: [StoredEvent]] {
        var histories: [String: [StoredEvent]] = [:]
        histories.reserveCapacity(personIds.count)
        for try await event in try await connection.execute(Statements.LoadHistory(personIds: personIds), logger: logger) {
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
