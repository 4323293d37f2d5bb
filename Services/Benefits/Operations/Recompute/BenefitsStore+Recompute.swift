import PostgresNIO

extension BenefitsStore {
    /// Up to `limit` persons with stored events whose id sorts after `after` (nil: from the
    /// first), in `person_id` byte order ("C" collation), the order every transaction locks persons in.
    func personIdsWithEvents(after: String?, limit: Int) async throws -> [String] {
        // DISTINCT over the (person_id, event_time) index, read in order and cut at the limit:
        // a batch reads only its own persons' index entries.
        try await client.rows(
            """
            SELECT DISTINCT person_id FROM events
            WHERE person_id > \(after ?? "") COLLATE "C"
            ORDER BY person_id LIMIT \(limit)
            """,
            decoding: String.self,
            logger: logger
        )
    }

    /// Calls `body` with each batch of up to `size` persons with stored events whose id sorts
    /// after `after`, in key order (`personIdsWithEvents`), and `cursor` with the last person of
    /// each batch once `body` returned: how `recompute` and its dry run walk the city.
    func forEachPersonBatch(
        after: String?,
        size: Int,
        _ body: ([String]) async throws -> Void,
        cursor: (String) -> Void
    ) async throws {
        var last = after
        while true {
            let persons = try await personIdsWithEvents(after: last, limit: size)
            guard let end = persons.last else { return }
            try await body(persons)
            last = end
            cursor(end)
        }
    }

    /// How many persons `persons` holds after `after` (the progress total: every stored event
    /// creates its person's row, so this is the number of persons to recompute).
    func personCount(after: String?) async throws -> Int {
        try await client.rows(
            "SELECT count(*) FROM persons WHERE person_id > \(after ?? "") COLLATE \"C\"",
            decoding: Int.self,
            logger: logger
        ).first ?? 0
    }

    /// Rebuilds the persons' derived rows from their stored events in one transaction, through
    /// the pipeline's own steps: the persons are locked as a batch locks them (in `person_id`
    /// order, so a concurrent batch waits rather than deadlocks), their histories read with the
    /// pipeline's statement, `recompute` gives each person's rows and the pipeline's writer
    /// replaces them. The persons' `event_count` is set to what is stored.
    ///
    /// Why the lock makes it safe beside the pipeline: a batch storing an event of a locked
    /// person waits for this commit and then reads the whole history again (this transaction's
    /// rows are replaced by rows including the new event); a batch that locked first commits
    /// before the lock here is granted, and the history read afterwards includes its events.
    func recompute(
        persons: [String],
        recompute: @escaping @Sendable (_ personId: String, _ history: [StoredEvent]) throws -> PersonResult
    ) async throws -> RecomputeBatchOutcome {
        guard !persons.isEmpty else { return RecomputeBatchOutcome() }
        return try await client.withTransactionEndingOnClose(logger: logger) { connection in
            try await Self.keyedByPerson(connection, synchronousCommit: true, logger: logger)
            // Creates the row of a person stored without one (a database written before persons
            // were counted), locks the others (a no-op update: a run that changes nothing leaves
            // `updated_at` as it was); only persons with events.
            try await connection.run(
                """
                INSERT INTO persons AS p (person_id, event_count)
                SELECT u.person_id, 0 FROM unnest(\(persons)::text[]) AS u(person_id)
                WHERE EXISTS (SELECT 1 FROM events e WHERE e.person_id = u.person_id)
                ORDER BY u.person_id COLLATE "C"
                ON CONFLICT (person_id) DO UPDATE SET updated_at = p.updated_at
                """,
                logger: logger
            )
            let writer = BatchWriter(connection: connection, logger: logger, bulkThreshold: bulkThreshold)
            let histories = try await writer.loadHistories(persons)
            var results: [(personId: String, result: PersonResult)] = []
            results.reserveCapacity(persons.count)
            for person in persons.sorted() {
                results.append((person, try recompute(person, histories[person] ?? [])))
            }
            var outcome = RecomputeBatchOutcome()
            outcome.persons = histories.count
            outcome.events = histories.values.reduce(0) { $0 + $1.count }
            outcome.periodsWritten = try await writer.replaceDerivedRows(of: persons, with: results)
            outcome.countsCorrected = try await Self.setEventCounts(histories.mapValues(\.count), on: connection, logger: logger)
            return outcome
        }
    }

    /// Sets each person's `event_count` to their stored events; returns how many were wrong.
    private static func setEventCounts(
        _ counts: [String: Int],
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Int {
        guard !counts.isEmpty else { return 0 }
        let persons = Array(counts.keys)
        let values = persons.map { Int32(clamping: counts[$0] ?? 0) }
        let rows = try await connection.rows(
            """
            WITH corrected AS (
                UPDATE persons p SET event_count = u.events, updated_at = now()
                FROM unnest(\(persons)::text[], \(values)::int4[]) AS u(person_id, events)
                WHERE p.person_id = u.person_id AND p.event_count <> u.events
                RETURNING 1
            )
            SELECT count(*) FROM corrected
            """,
            decoding: Int.self,
            logger: logger
        )
        return rows.first ?? 0
    }
}
