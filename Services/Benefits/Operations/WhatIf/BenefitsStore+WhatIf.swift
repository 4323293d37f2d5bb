import PostgresNIO

/// What a what-if needs of one batch of persons: their stored events and derived rows, read in
/// one snapshot, and the persons a family-account limit links them to.
public struct WhatIfBatch: Sendable {
    /// Every stored event of the batch's persons and of `linked`, per person.
    public var histories: [String: [StoredEvent]] = [:]
    /// The stored rows of the batch's persons (`facts` is left empty: not compared).
    public var stored: [String: PersonResult] = [:]
    /// The beneficiaries of authorisers over the limit that the batch's persons are bound to
    /// (transitively), as `applyFamilyAccountLimit` finds them; recomputed together.
    public var linked: [String] = []
}

extension BenefitsStore {
    /// Reads a batch for a what-if in one read-only transaction (repeatable read, so the events
    /// and the rows are of one moment): nothing is locked or written, and a running service
    /// goes on beside it.
    public func whatIfBatch(persons: [String], familyLimit limit: Int) async throws -> WhatIfBatch {
        guard !persons.isEmpty else { return WhatIfBatch() }
        return try await client.withTransactionEndingOnClose(logger: logger) { connection in
            try await connection.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            try await Self.keyedByPerson(connection, synchronousCommit: true, logger: logger)
            var batch = WhatIfBatch()
            batch.linked = try await Self.linkedPersonsOverLimit(persons, limit: limit, on: connection, logger: logger)
            let writer = BatchWriter(connection: connection, logger: logger, bulkThreshold: bulkThreshold)
            batch.histories = try await writer.loadHistories(Array(Set(persons).union(batch.linked)))
            for person in persons { batch.stored[person] = PersonResult() }
            try await Self.readStoredRows(of: persons, into: &batch.stored, on: connection, logger: logger)
            return batch
        }
    }

    /// The persons' coverage periods, facility bindings and family-account bindings, in the
    /// orders the API reads them (`LoadCoverage`, `LoadFacilityBindings`, `LoadFamilyBindings`).
    private static func readStoredRows(
        of persons: [String],
        into stored: inout [String: PersonResult],
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let periods = try await connection.query(
            """
            SELECT person_id::text, policy_year, to_char(starts_on, 'YYYY-MM-DD'), to_char(ends_on, 'YYYY-MM-DD'), start_month, basis
            FROM coverage_periods WHERE person_id = ANY(\(persons)::text[]) ORDER BY person_id, starts_on, ends_on
            """,
            logger: logger
        )
        for try await (person, year, startsOn, endsOn, startMonth, basis) in periods.decode((String, Int, String, String, String, String).self) {
            stored[person, default: PersonResult()].periods.append(
                CoveragePeriodRow(policyYear: year, startsOn: startsOn, endsOn: endsOn, startMonth: startMonth, basis: basis)
            )
        }
        let facility = try await connection.query(
            """
            SELECT person_id::text, facility_code, facility_kind, hospital_level, to_char(bound_on, 'YYYY-MM-DD'),
                   to_char(ends_on, 'YYYY-MM-DD'), status, reason
            FROM facility_bindings WHERE person_id = ANY(\(persons)::text[]) ORDER BY person_id, bound_on, facility_code
            """,
            logger: logger
        )
        for try await (person, code, kind, level, boundOn, endsOn, status, reason) in facility.decode(
            (String, String, String, Int?, String, String?, BindingStatus, String?).self
        ) {
            stored[person, default: PersonResult()].facilityBindings.append(
                FacilityBindingRow(
                    facilityCode: code,
                    facilityKind: kind,
                    hospitalLevel: level,
                    boundOn: boundOn,
                    endsOn: endsOn,
                    status: status,
                    reason: reason
                )
            )
        }
        let family = try await connection.query(
            """
            SELECT person_id::text, authoriser_id, relationship, to_char(bound_on, 'YYYY-MM-DD'), to_char(revoked_on, 'YYYY-MM-DD'),
                   rank, status, reason
            FROM family_account_bindings WHERE person_id = ANY(\(persons)::text[])
            ORDER BY person_id, rank NULLS LAST, bound_on, authoriser_id
            """,
            logger: logger
        )
        for try await (person, authoriser, relationship, boundOn, revokedOn, rank, status, reason) in family.decode(
            (String, String, String, String, String?, Int?, BindingStatus, String?).self
        ) {
            stored[person, default: PersonResult()].familyBindings.append(
                FamilyAccountBindingRow(
                    authoriserId: authoriser,
                    relationship: relationship,
                    boundOn: boundOn,
                    revokedOn: revokedOn,
                    rank: rank,
                    status: status,
                    reason: reason
                )
            )
        }
    }
}
