import InsuranceDomain
import PostgresNIO

extension BatchWriter {
    /// The bulk path for large batches: asks which events are already stored (one index probe
    /// each), inserts the others straight into `events` (no `ON CONFLICT`), then creates or
    /// locks their persons.
    ///
    /// Cheaper for the database than `ON CONFLICT`, which pays a speculative insertion per row.
    /// Returns nil when another transaction stored one of the events between the probe and the
    /// insert (it hits the key and is rolled back to its savepoint): the caller then takes the
    /// `ON CONFLICT` path.
    func insertNewEventsDirectly(_ events: [IncomingEvent]) async throws -> StoredEvents? {
        // Within the batch the first copy of an event counts, as with ON CONFLICT DO NOTHING.
        var seen = Set<EventIdentity>(minimumCapacity: events.count)
        let firsts = events.filter { seen.insert(EventIdentity(source: $0.source, id: $0.eventId)).inserted }
        let stored = try await alreadyStored(firsts)
        let fresh = stored.isEmpty ? firsts : firsts.indices.filter { !stored.contains($0) }.map { firsts[$0] }
        guard !fresh.isEmpty else { return StoredEvents() }

        try await connection.run("SAVEPOINT direct_insert", logger: logger)
        do {
            try await insert(StoredTables.eventRows(fresh), into: "events")
            try await connection.run("RELEASE SAVEPOINT direct_insert", logger: logger)
        } catch  where DatabaseMessage.code(of: error) == .uniqueViolation {
            try await connection.run("ROLLBACK TO SAVEPOINT direct_insert", logger: logger)
            return nil
        }

        var result = StoredEvents()
        result.count = fresh.count
        result.newEvents = Dictionary(grouping: fresh, by: \.personId)
        result.personIds = Set(result.newEvents.keys)
        result.personsWithEarlierEvents = try await countEvents(ofPersons: result.newEvents.mapValues { Int32($0.count) })
        return result
    }

    /// Positions (0-based) of the events whose (source, id) is already in `events`.
    private func alreadyStored(_ events: [IncomingEvent]) async throws -> Set<Int> {
        let sql = """
            SELECT (k.position - 1)::int4
            FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(source, event_id, position)
            WHERE EXISTS (
                SELECT 1 FROM events e WHERE e.source = k.source COLLATE "C" AND e.event_id = k.event_id COLLATE "C")
            """
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(events.map(\.source))
        bindings.append(events.map(\.eventId))
        var positions = Set<Int>()
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        for try await position in rows.decode(Int32.self) {
            positions.insert(Int(position))
        }
        return positions
    }

    /// Adds the new events to each person's count, creating the row of a first-seen person, in
    /// `person_id` byte order, as every statement here locks persons, so that two transactions
    /// on the same persons wait for each other rather than deadlock; the rows stay locked until
    /// commit. Returns the persons who had events before.
    private func countEvents(ofPersons added: [String: Int32]) async throws -> Set<String> {
        let sql = """
            INSERT INTO persons AS p (person_id, event_count)
            SELECT u.person_id, u.events FROM unnest($1::text[], $2::int4[]) AS u(person_id, events)
            ORDER BY u.person_id COLLATE "C"
            ON CONFLICT (person_id) DO UPDATE SET event_count = p.event_count + EXCLUDED.event_count, updated_at = now()
            RETURNING p.person_id::text, p.event_count
            """
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(Array(added.keys))
        bindings.append(Array(added.values))
        var earlier = Set<String>()
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        for try await (person, count) in rows.decode((String, Int32).self) where count > added[person] ?? 0 {
            earlier.insert(person)
        }
        return earlier
    }
}
