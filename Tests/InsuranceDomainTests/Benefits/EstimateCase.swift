import InsuranceDomain
import RuleTables
import Testing

/// One row of the estimate table: a person, a visit and what it must be paid.
struct EstimateCase: Sendable, CustomTestStringConvertible {
    let name: String
    let events: [ValidatedEvent]
    let visit: Visit
    let payableFen: Int
    let rate: String
    /// nil: no cap applies (inpatient care, or an uncovered day).
    let capRemainingFen: Int?
    let reason: String?
    var covered = true
    var testDescription: String { name }

    static let person = "EST-1"

    /// A local child born 2015-03-07 paying 2024 in the window (covered 2024-10-01 to
    /// 2025-09-30) who chose the community health centre SK-1 on 2024-10-05, plus `extra`.
    static func child(
        born: String = "2015-03-07",
        hukou: Hukou = .local,
        facility: ValidatedEvent? = nil,
        extra: [ValidatedEvent] = []
    ) -> [ValidatedEvent] {
        [
            Fixtures.registered(
                person,
                born: born,
                applied: "2024-08-01",
                hukou: hukou,
                category: .pupil,
                guardianMonths: hukou == .local ? nil : 24
            ),
            Fixtures.paid(person, year: 2024, at: "2024-09-10T10:00:00+08:00"),
            facility ?? Fixtures.facility(person, code: "SK-1", kind: .communityHealthCentre, on: "2024-10-05"),
        ] + extra
    }

    static func hospitalChild(born: String = "2015-03-07") -> [ValidatedEvent] {
        child(born: born, facility: Fixtures.facility(person, code: "H-2", kind: .hospital, level: 2, on: "2024-10-05"))
    }

    static func visit(
        _ care: CareKind,
        _ cost: Int,
        on day: String = "2024-11-01",
        code: String? = nil,
        level: Int? = nil,
        where location: CareLocation = .city,
        route: CareRoute? = nil,
        inProvince: Bool? = nil,
        used: Int = 0
    ) -> Visit {
        Visit(
            day: Fixtures.date(day),
            care: care,
            costFen: cost,
            facilityCode: code,
            facilityLevel: level,
            location: location,
            route: route,
            inProvince: inProvince,
            usedFen: used
        )
    }
}

/// One visit the estimate must refuse, naming the field.
struct EstimateProblemCase: Sendable, CustomTestStringConvertible {
    let name: String
    let visit: Visit
    let field: String
    var testDescription: String { name }
}
