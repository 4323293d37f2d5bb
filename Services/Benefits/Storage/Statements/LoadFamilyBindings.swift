import PostgresNIO

extension Statements {
    struct LoadFamilyBindings: PersonStatement {
        static let sql = """
            SELECT authoriser_id, relationship, to_char(bound_on, 'YYYY-MM-DD'), to_char(revoked_on, 'YYYY-MM-DD'),
                   rank, status, reason
            FROM family_account_bindings WHERE person_id = $1 ORDER BY rank NULLS LAST, bound_on, authoriser_id
            """
        typealias Row = FamilyAccountBindingRow
        let personId: String

        func decodeRow(_ row: PostgresRow) throws -> FamilyAccountBindingRow {
            let (authoriser, relationship, boundOn, revokedOn, rank, status, reason) =
                try row.decode((String, String, String, String?, Int?, BindingStatus, String?).self)
            return FamilyAccountBindingRow(
                authoriserId: authoriser,
                relationship: relationship,
                boundOn: boundOn,
                revokedOn: revokedOn,
                rank: rank,
                status: status,
                reason: reason
            )
        }
    }
}
