import InsuranceDomain
import PostgresNIO

extension BatchWriter {
    /// The bulk path for large batches: asks which events are already stored (one index probe
    /// each, answering the stored copy for the caller's check of changed copies), inserts the
    /// others straight into `events` (no `ON CONFLICT`), then creates or locks their persons.
    ///
    /// Cheaper for the database than `ON CONFLICT`, which pays a speculative insertion per row.
    /// Returns nil when another transaction stored one of the events between the probe and the
    /// insert (it hits the key and is rolled back to its savepoint): the caller then takes the
    /// `ON CONFLICT` path.
    func insertNewEventsDirectly(_ events: [IncomingEvent]) async throws -> StoredEvents? {
        // Within the batch the first copy of an event counts, as with ON CONFLICT DO NOTHING.
        var seen = Set<EventIdentity>(minimumCapacity: events.count)
        let firsts = events.filter { seen.insert(EventIdentity(source: $0.source, id: $0.eventId)).inserted }
        let stored = try await BenefitsStore.storedPayloads(of: firsts, on: connection, logger: logger)
        let fresh = stored.isEmpty ? firsts : firsts.indices.filter { stored[$0] == nil }.map { firsts[$0] }
        var result = StoredEvents()
        result.alreadyStored = Self.everyCopy(in: events, distinct: firsts.count, storedAs: stored.map { (firsts[$0.key], $0.value) })
        guard !fresh.isEmpty else { return result }

        try await connection.run("SAVEPOINT direct_insert", logger: logger)
        do {
            try await insert(StoredTables.eventRows(fresh), into: "events")
            try await connection.run("RELEASE SAVEPOINT direct_insert", logger: logger)
        } catch  where DatabaseMessage.code(of: error) == .uniqueViolation {
            try await connection.run("ROLLBACK TO SAVEPOINT direct_insert", logger: logger)
            return nil
        }

        result.count = fresh.count
        let byPerson = Dictionary(grouping: fresh, by: \.personId)
        let counts = try await countEvents(ofPersons: byPerson.mapValues { Int32($0.count) })
        for (person, new) in byPerson {
            result.persons[person] = NewEvents(events: new, storedBefore: max(0, (counts[person] ?? new.count) - new.count))
        }
        return result
    }

    /// Adds the new events to each person's count, creating the row of a first-seen person, in
    /// `person_id` byte order, as every statement here locks persons, so that two transactions
    /// on the same persons wait for each other rather than deadlock; the rows stay locked until
    /// commit. Returns each person's count after it.
    private func countEvents(ofPersons added: [String: Int32]) async throws -> [String: Int] {
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
        var counts: [String: Int] = [:]
        let rows = try await connection.rows(
            PostgresQuery(unsafeSQL: sql, binds: bindings),
            decoding: (String, Int32).self,
            logger: logger
        )
        for (person, count) in rows {
            counts[person] = Int(count)
        }
        return counts
    }
}
