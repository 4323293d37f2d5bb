import PostgresNIO

/// What a what-if needs of one batch of persons: their stored events and derived rows, read in
/// one snapshot, and the persons a family-account limit links them to.
struct WhatIfBatch: Sendable {
    /// Every stored event of the batch's persons and of `linked`, per person.
    var histories: [String: [StoredEvent]] = [:]
    /// The stored rows of the batch's persons (`facts` is left empty: not compared).
    var stored: [String: PersonResult] = [:]
    /// The beneficiaries of authorisers over the limit that the batch's persons are bound to
    /// (transitively), as `applyFamilyAccountLimit` finds them; recomputed together.
    var linked: [String] = []
}

extension BenefitsStore {
    /// Reads a batch for a what-if in one read-only transaction (repeatable read, so the events
    /// and the rows are of one moment): nothing is locked or written, and a running service
    /// goes on beside it.
    func whatIfBatch(persons: [String], familyLimit limit: Int) async throws -> WhatIfBatch {
        guard !persons.isEmpty else { return WhatIfBatch() }
        return try await client.withTransactionEndingOnClose(logger: logger) { connection in
            try await connection.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            try await Self.keyedByPerson(connection, synchronousCommit: true, logger: logger)
            var batch = WhatIfBatch()
            batch.linked = try await Self.linkedPersonsOverLimit(persons, limit: limit, on: connection, logger: logger)
            let writer = BatchWriter(connection: connection, logger: logger, bulkThreshold: bulkThreshold)
            batch.histories = try await writer.loadHistories(Array(Set(persons).union(batch.linked)))
            try await Self.readStoredRows(of: persons, into: &batch.stored, on: connection, logger: logger)
            return batch
        }
    }

    /// The persons' coverage periods, facility bindings and family-account bindings, with the
    /// API's own columns, order and decoding (`DerivedRowsQuery`).
    private static func readStoredRows(
        of persons: [String],
        into stored: inout [String: PersonResult],
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        func rows<Query: DerivedRowsQuery>(
            _ query: Query.Type,
            _ add: (inout PersonResult, Query.Row) -> Void
        ) async throws {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(persons)
            let result = try await connection.rows(PostgresQuery(unsafeSQL: Query.personsSQL, binds: bindings), logger: logger)
            for row in result {
                let cells = PostgresRandomAccessRow(row)
                add(&stored[try cells[0].decode(String.self), default: PersonResult()], try Query.row(cells, from: 1))
            }
        }
        try await rows(Statements.LoadCoverage.self) { $0.periods.append($1) }
        try await rows(Statements.LoadFacilityBindings.self) { $0.facilityBindings.append($1) }
        try await rows(Statements.LoadFamilyBindings.self) { $0.familyBindings.append($1) }
    }
}
