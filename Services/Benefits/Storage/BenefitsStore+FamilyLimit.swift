import PostgresNIO

extension BenefitsStore {
    /// Re-applies the family-account limit around `persons` (a stored batch's persons): when an
    /// authoriser linked to them, directly or through other beneficiaries and their other
    /// authorisers, shares with more than `limit` beneficiaries, every person of that linked
    /// group is recomputed with `recompute`, which sees all their histories at once, and their
    /// derived rows are replaced; returns how many persons were recomputed (0 when no
    /// authoriser is over the limit, the usual case, after one query).
    ///
    /// Why a pass of its own: a batch's lanes recompute persons one by one, which cannot see a
    /// limit spanning persons. It runs after the lanes and before the batch's offsets are stored,
    /// so a crash in between repeats it; the persons are locked in person_id order, as the lanes
    /// lock them, so it waits for them rather than deadlocks.
    public func applyFamilyAccountLimit(
        persons: [String], limit: Int,
        recompute: ([String: [StoredEvent]]) throws -> [(personId: String, result: PersonResult)]
    ) async throws -> Int {
        guard !persons.isEmpty else { return 0 }
        return try await client.withTransaction(logger: logger) { connection in
            let group = try await Self.linkedPersonsOverLimit(persons, limit: limit, on: connection, logger: logger)
            guard !group.isEmpty else { return 0 }
            try await connection.run(
                "SELECT 1 FROM persons WHERE person_id = ANY(\(group)) ORDER BY person_id FOR UPDATE", logger: logger)
            let writer = BatchWriter(connection: connection, logger: logger, copyThreshold: copyThreshold)
            let histories = try await writer.loadHistories(group)
            let results = try recompute(histories).sorted { $0.personId < $1.personId }
            _ = try await writer.replaceDerivedRows(of: group, with: results)
            return group.count
        }
    }

    /// The persons linked to `persons` through shared authorisers, when one of the linked
    /// authorisers has more than `limit` beneficiaries; otherwise none.
    private static func linkedPersonsOverLimit(
        _ persons: [String], limit: Int, on connection: PostgresConnection, logger: Logger
    ) async throws -> [String] {
        // UNION (not UNION ALL) stops the walk once no new (person, authoriser) pair appears.
        // UNION (not UNION ALL) ends the walk once no new (seed, person, authoriser) row appears;
        // the seed keeps linked groups apart, so only groups with an authoriser over the limit return.
        let rows = try await connection.query("""
            WITH RECURSIVE linked(seed, person_id, authoriser_id) AS (
                SELECT person_id, person_id, authoriser_id FROM family_account_bindings WHERE person_id = ANY(\(persons))
                UNION
                SELECT l.seed, f.person_id, f.authoriser_id
                FROM linked l
                JOIN family_account_bindings a ON a.authoriser_id = l.authoriser_id
                JOIN family_account_bindings f ON f.person_id = a.person_id
            ), over AS (
                SELECT f.authoriser_id FROM family_account_bindings f
                WHERE f.authoriser_id IN (SELECT authoriser_id FROM linked)
                GROUP BY f.authoriser_id HAVING count(DISTINCT f.person_id) > \(limit)
            )
            SELECT DISTINCT l.person_id::text FROM linked l
            WHERE l.seed IN (SELECT seed FROM linked WHERE authoriser_id IN (SELECT authoriser_id FROM over))
            ORDER BY 1
            """, logger: logger)
        var linked: [String] = []
        for try await person in rows.decode(String.self) { linked.append(person) }
        return linked
    }
}
