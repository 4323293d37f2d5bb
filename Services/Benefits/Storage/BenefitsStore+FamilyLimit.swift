import InsuranceDomain
import PostgresNIO

extension BenefitsStore {
    /// Re-applies the family-account limit around `persons` (a stored batch's persons): when an
    /// authoriser they are bound to shares with more than `limit` beneficiaries, all of that
    /// authoriser's beneficiaries (and, in turn, those of their other authorisers over the limit)
    /// are recomputed with `recompute`, which sees all their histories at once, and their derived
    /// rows are replaced; returns how many persons were recomputed (0 when no authoriser is over
    /// the limit, the usual case, after one query).
    ///
    /// Why a pass of its own: a batch's lanes recompute persons one by one, which cannot see a
    /// limit spanning persons. It runs after the lanes and before the batch's offsets are stored,
    /// so a crash in between repeats it; the persons are locked in person_id order, as the lanes
    /// lock them, so it waits for them rather than deadlocks.
    ///
    /// `offsets` (the batch's next offsets for `group`) are stored in the same transaction as the
    /// recomputed rows, or on their own when nothing needs recomputing: this is the batch's last
    /// transaction, committed after every lane's, so offsets that survive a crash imply that
    /// everything before them survived too (see `BenefitsStore.synchronousCommit`).
    func applyFamilyAccountLimit(
        persons: [String],
        limit: Int,
        advancing offsets: [TopicPartition: Int64] = [:],
        group: String = "",
        serverStart: Int64? = nil,
        recompute: @escaping @Sendable ([String: [StoredEvent]]) throws -> [(personId: String, result: PersonResult)]
    ) async throws -> Int {
        // The usual answer (no authoriser over the limit) needs no transaction; a group found
        // is looked up again inside it, where it is locked.
        let overLimit: Set<String> =
            persons.isEmpty
            ? []
            : try await client.withConnectionEndingOnClose { connection in
                try await Self.authorisersOverLimit(of: persons, limit: limit, on: connection, logger: logger)
            }
        guard !overLimit.isEmpty else {
            try await advanceOffsets(group: group, to: offsets, serverStart: serverStart)
            return 0
        }
        return try await client.withTransactionEndingOnClose(logger: logger) { connection in
            // The batch's last transaction is durable whatever `synchronousCommit` says: its WAL
            // flush covers the lanes' asynchronous commits before it, so offsets that are stored
            // never outlive the effects they stand for.
            try await Self.keyedByPerson(connection, synchronousCommit: true, logger: logger)
            let linked = try await Self.linkedPersonsOverLimit(persons, limit: limit, on: connection, logger: logger)
            if !linked.isEmpty {
                try await connection.run(
                    "SELECT 1 FROM persons WHERE person_id = ANY(\(linked)) ORDER BY person_id FOR UPDATE",
                    logger: logger
                )
                let writer = BatchWriter(connection: connection, logger: logger, bulkThreshold: bulkThreshold)
                let histories = try await writer.loadHistories(linked)
                let results: [(personId: String, result: PersonResult)]
                do {
                    results = try recompute(histories).sorted { $0.personId < $1.personId }
                } catch {
                    throw ComputationFailure(underlying: error)
                }
                _ = try await writer.replaceDerivedRows(of: linked, with: results)
            }
            try await Self.advanceOffsets(group: group, to: offsets, serverStart: serverStart, on: connection, logger: logger)
            return linked.count
        }
    }

    /// The beneficiaries of every authoriser over the limit that `persons` are bound to, and of
    /// every authoriser over the limit those beneficiaries are bound to, and so on; empty (after
    /// one query) when no such authoriser exists.
    ///
    /// Why only authorisers over the limit: the limit refuses a binding of an authoriser only
    /// when that authoriser shares with more than `limit` beneficiaries, each authoriser on its
    /// own, so a group recomputed together needs the whole beneficiary set of its authorisers
    /// over the limit and nothing of the others.
    static func linkedPersonsOverLimit(
        _ persons: [String],
        limit: Int,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [String] {
        var authorisers: Set<String> = []
        var group: Set<String> = []
        var frontier = persons
        while !frontier.isEmpty {
            let found = try await authorisersOverLimit(of: frontier, limit: limit, on: connection, logger: logger)
            let new = found.subtracting(authorisers)
            guard !new.isEmpty else { break }
            authorisers.formUnion(new)
            let beneficiaries = try await beneficiaries(of: Array(new), on: connection, logger: logger)
            frontier = Array(beneficiaries.subtracting(group))
            group.formUnion(beneficiaries)
        }
        return group.sorted()
    }

    /// A lateral lookup per person and a correlated subquery per authoriser rather than joins
    /// or `person_id = ANY(…)`, so that both lookups stay on the indexes whatever the table's
    /// statistics say: a hash join over the whole table took ~300 ms per batch, and `ANY` over a
    /// batch's thousands of persons was planned as a sequential scan of the whole table.
    private static func authorisersOverLimit(
        of persons: [String],
        limit: Int,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Set<String> {
        let rows = try await connection.rows(
            """
            SELECT a.authoriser_id FROM (
                SELECT DISTINCT b.authoriser_id
                FROM unnest(\(persons)::text[]) AS u(person_id)
                CROSS JOIN LATERAL (SELECT f.authoriser_id FROM family_account_bindings f WHERE f.person_id = u.person_id) b
            ) a
            WHERE (SELECT count(DISTINCT f.person_id) FROM family_account_bindings f WHERE f.authoriser_id = a.authoriser_id) > \(limit)
            """,
            decoding: String.self,
            logger: logger
        )
        var found: Set<String> = []
        for authoriser in rows { found.insert(authoriser) }
        return found
    }

    private static func beneficiaries(
        of authorisers: [String],
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Set<String> {
        let rows = try await connection.rows(
            "SELECT DISTINCT person_id::text FROM family_account_bindings WHERE authoriser_id = ANY(\(authorisers))",
            decoding: String.self,
            logger: logger
        )
        var found: Set<String> = []
        for person in rows { found.insert(person) }
        return found
    }
}

/// The bound on beneficiaries per authoriser, checked in a lane before its events are stored
/// (`BenefitsStore.ingest`): with the family-account limit pass above, what bounds the work one
/// authoriser can cause.
extension BatchWriter {
    /// Splits `events` into those to store and the family-account bindings refused because
    /// their authoriser already has `limit` distinct beneficiaries bound and the binding's
    /// person is not one of them (`BenefitsConfiguration.beneficiariesPerAuthoriser`).
    /// Two statements (the locks, then the counts), only when the events hold a binding.
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
        let rows = try await connection.rows(PostgresQuery(unsafeSQL: sql, binds: binds), decoding: (String, Int64, [String]).self, logger: logger)
        for (authoriserId, count, bound) in rows {
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
                refused.append(Refusal(refusing: events[index], reason: Self.beneficiariesLimitReason(limit)))
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
}
