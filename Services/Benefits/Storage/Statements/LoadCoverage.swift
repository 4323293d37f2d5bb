import PostgresNIO

extension Statements {
    struct LoadCoverage: PersonStatement {
        static let sql = """
            SELECT policy_year, to_char(starts_on, 'YYYY-MM-DD'), to_char(ends_on, 'YYYY-MM-DD'), start_month, basis
            FROM coverage_periods WHERE person_id = $1 ORDER BY starts_on, ends_on
            """
        typealias Row = CoveragePeriodRow
        let personId: String

        func decodeRow(_ row: PostgresRow) throws -> CoveragePeriodRow {
            let (year, startsOn, endsOn, startMonth, basis) = try row.decode((Int, String, String, String, String).self)
            return CoveragePeriodRow(policyYear: year, startsOn: startsOn, endsOn: endsOn, startMonth: startMonth, basis: basis)
        }
    }
}
