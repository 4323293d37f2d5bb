import Foundation

/// The periods in a `GET /v1/persons/{id}/coverage` answer, as `coverage_periods` rows.
enum CoverageAnswer {
    static func periods(personId: String, json: String) throws -> [CoverageRow] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let periods = object["periods"] as? [[String: Any]]
        else { throw SystemTestError("coverage answer for \(personId) has no periods array: \(json.prefix(300))") }
        return try periods.map { period in
            guard let year = period["policyYear"] as? Int, let starts = period["startsOn"] as? String,
                let ends = period["endsOn"] as? String, let month = period["startMonth"] as? String,
                let basis = period["basis"] as? String
            else { throw SystemTestError("coverage answer for \(personId) has an incomplete period: \(period)") }
            return CoverageRow(personId: personId, policyYear: year, startsOn: starts, endsOn: ends, startMonth: month, basis: basis)
        }.sorted()
    }

    /// `status.covered` of an answer to `?on=YYYY-MM-DD`.
    static func coveredOnDay(personId: String, json: String) throws -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let status = object["status"] as? [String: Any], let covered = status["covered"] as? Bool
        else { throw SystemTestError("coverage answer for \(personId) with ?on= has no status.covered: \(json.prefix(300))") }
        return covered
    }
}
