import PostgresNIO

extension Statements {
    struct LoadFacilityBindings: PersonStatement {
        static let sql = """
            SELECT facility_code, facility_kind, hospital_level, to_char(bound_on, 'YYYY-MM-DD'),
                   to_char(ends_on, 'YYYY-MM-DD'), status, reason
            FROM facility_bindings WHERE person_id = $1 ORDER BY bound_on, facility_code
            """
        typealias Row = FacilityBindingRow
        let personId: String

        func decodeRow(_ row: PostgresRow) throws -> FacilityBindingRow {
            let (code, kind, level, boundOn, endsOn, status, reason) =
                try row.decode((String, String, Int?, String, String?, BindingStatus, String?).self)
            return FacilityBindingRow(
                facilityCode: code,
                facilityKind: kind,
                hospitalLevel: level,
                boundOn: boundOn,
                endsOn: endsOn,
                status: status,
                reason: reason
            )
        }
    }
}
