import InsuranceDomain

/// `GET /v1/persons/{id}/coverage?on=DAY` for every person of the city, compared with the
/// engine's periods and status for that day.
struct CoverageAPICheck: Sendable {
    let http: SmokeHTTP
    let settings: SmokeSettings

    /// Every difference, as short lines (empty when the API agrees for every person).
    func differences(_ expected: SmokeExpectation) async throws(SmokeFailure) -> [String] {
        var differences: [String] = []
        for personId in expected.personIds {
            guard let person = expected.coverage[personId] else { continue }
            let url = "\(settings.benefitsURL)/v1/persons/\(personId)/coverage?on=\(settings.reportOn)"
            let answer = try await http.send(.GET, url, service: "benefits service", token: settings.benefitsToken)
            guard answer.status == 200 else {
                differences.append("\(personId): answered \(answer.status) \(answer.body.prefix(100))")
                continue
            }
            guard let got = Self.read(answer.body) else {
                differences.append("\(personId): answer without periods or status: \(answer.body.prefix(100))")
                continue
            }
            let want = Self.lines(person, on: settings.reportOn)
            if got.periods != want.periods { differences.append("\(personId): periods \(got.periods), expected \(want.periods)") }
            if got.status != want.status { differences.append("\(personId): status \(got.status), expected \(want.status)") }
        }
        return differences
    }

    /// Periods as `year startsOn..endsOn basis startMonth` in start order, and the status code.
    static func lines(_ person: PersonCoverage, on day: LocalDate) -> (periods: [String], status: String) {
        let periods = periodLines(person.periods)
        let status: String
        switch person.status(on: day) {
        case .covered: status = "covered"
        case .notCovered(let reason): status = reason.code
        }
        return (periods, status)
    }

    static func read(_ body: String) -> (periods: [String], status: String)? {
        guard let answer = try? JSONParser.parse(Array(body.utf8)),
            case .array(let periods)? = answer["periods"],
            let status = answer["status"]?["reason"]?.stringValue,
            let lines = periodLines(periods)
        else { return nil }
        return (lines, status)
    }

    /// Periods as the API and the coverage feed write them (`policyYear`, `startsOn`, `endsOn`,
    /// `basis`, `startMonth`), in the form of `lines`, sorted; nil when one lacks a field.
    static func periodLines(_ periods: [JSONValue]) -> [String]? {
        var lines: [String] = []
        for period in periods {
            guard let year = period["policyYear"]?.intValue, let starts = period["startsOn"]?.stringValue,
                let ends = period["endsOn"]?.stringValue, let basis = period["basis"]?.stringValue,
                let month = period["startMonth"]?.stringValue
            else { return nil }
            lines.append("\(year) \(starts)..\(ends) \(basis) \(month)")
        }
        return lines.sorted()
    }

    /// The engine's periods of a person in the form of `periodLines`.
    static func periodLines(_ periods: [CoveragePeriod]) -> [String] {
        periods.map { "\($0.policyYear) \($0.startsOn)..\($0.endsOn) \($0.basis.rawValue) \($0.startMonth)" }.sorted()
    }
}
