import RuleTables
import Testing

@testable import InsuranceDomain

@Suite struct FacilityTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let born: String?
        let choices: [(code: String, kind: FacilityKind, level: Int?, on: String)]
        /// Outcome per choice: "accepted", "refused: …" or "pending: …" (prefix match).
        let outcomes: [String]
        let inForce: (String, String?)
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(
            name: "13-year-old chooses a level-2 hospital",
            born: "2011-10-02",
            choices: [("H2", .hospital, 2, "2025-10-01")],
            outcomes: ["accepted"],
            inForce: ("2025-10-01", "H2")
        ),
        Row(
            name: "14-year-old chooses a hospital",
            born: "2011-10-02",
            choices: [("H2", .hospital, 2, "2025-10-02")],
            outcomes: ["refused: from age 14 only a community health centre or a primary clinic may be chosen, not a hospital"],
            inForce: ("2025-10-05", nil)
        ),
        Row(
            name: "13-year-old chooses a level-3 hospital",
            born: "2012-05-01",
            choices: [("H3", .hospital, 3, "2025-10-01")],
            outcomes: ["refused: a hospital chosen under 14 must be of level 2 or below, this one is level 3"],
            inForce: ("2025-10-05", nil)
        ),
        Row(
            name: "14-year-old chooses a community health centre",
            born: "2005-01-01",
            choices: [("SK1", .communityHealthCentre, nil, "2025-10-01")],
            outcomes: ["accepted"],
            inForce: ("2025-10-01", "SK1")
        ),
        Row(
            name: "second choice 29 days after the first",
            born: "2015-03-07",
            choices: [("SK1", .communityHealthCentre, nil, "2024-03-01"), ("C2", .primaryClinic, nil, "2024-03-30")],
            outcomes: ["accepted", "refused: the facility chosen on 2024-03-01 cannot be changed within 1 month(s), up to and including 2024-04-01"],
            inForce: ("2024-04-15", "SK1")
        ),
        Row(
            name: "facility lock (Civil Code arts. 201, 202, 1259): a choice of 15 October is locked on 15 November",
            born: "2015-03-07",
            choices: [("SK1", .communityHealthCentre, nil, "2024-10-15"), ("C2", .primaryClinic, nil, "2024-11-15")],
            outcomes: [
                "accepted",
                "refused: the facility chosen on 2024-10-15 cannot be changed within 1 month(s), up to and including 2024-11-15; a change is possible from 2024-11-16",
            ],
            inForce: ("2024-11-15", "SK1")
        ),
        Row(
            name: "facility lock (Civil Code arts. 201, 202, 1259): a choice of 15 October may change on 16 November",
            born: "2015-03-07",
            choices: [("SK1", .communityHealthCentre, nil, "2024-10-15"), ("C2", .primaryClinic, nil, "2024-11-16")],
            outcomes: ["accepted", "accepted"],
            inForce: ("2024-11-16", "C2")
        ),
        Row(
            name: "facility lock (Civil Code art. 202): a choice of 31 January is locked to the month's last day, 29 February",
            born: "2015-03-07",
            choices: [
                ("SK1", .communityHealthCentre, nil, "2024-01-31"), ("C2", .primaryClinic, nil, "2024-02-29"),
                ("C3", .primaryClinic, nil, "2024-03-01"),
            ],
            outcomes: [
                "accepted", "refused: the facility chosen on 2024-01-31 cannot be changed within 1 month(s), up to and including 2024-02-29",
                "accepted",
            ],
            inForce: ("2024-03-01", "C3")
        ),
        Row(
            name: "a refused change does not restart the lock",
            born: "2015-03-07",
            choices: [
                ("SK1", .communityHealthCentre, nil, "2024-03-01"), ("C2", .primaryClinic, nil, "2024-03-20"),
                ("C3", .primaryClinic, nil, "2024-04-02"),
            ],
            outcomes: ["accepted", "refused", "accepted"],
            inForce: ("2024-04-02", "C3")
        ),
        Row(
            name: "facility decision: a hospital chosen at 13 is in force the day before the 14th birthday",
            born: "2011-10-02",
            choices: [("H2", .hospital, 2, "2025-09-01")],
            outcomes: ["accepted"],
            inForce: ("2025-10-01", "H2")
        ),
        Row(
            name: "facility decision: a hospital chosen at 13 lapses on the 14th birthday",
            born: "2011-10-02",
            choices: [("H2", .hospital, 2, "2025-09-01")],
            outcomes: ["accepted"],
            inForce: ("2025-10-02", nil)
        ),
        Row(
            name: "facility decision: a centre chosen on the 14th birthday is not held back by the lock",
            born: "2011-10-02",
            choices: [("H2", .hospital, 2, "2025-09-20"), ("SK1", .communityHealthCentre, nil, "2025-10-02")],
            outcomes: ["accepted", "accepted"],
            inForce: ("2025-10-02", "SK1")
        ),
        Row(
            name: "facility decision: a centre chosen the day before the 14th birthday is held back by the lock",
            born: "2011-10-02",
            choices: [("H2", .hospital, 2, "2025-09-20"), ("SK1", .communityHealthCentre, nil, "2025-10-01")],
            outcomes: ["accepted", "refused: the facility chosen on 2025-09-20 cannot be changed within 1 month(s), up to and including 2025-10-20"],
            inForce: ("2025-10-01", "H2")
        ),
        Row(
            name: "facility decision: the same facility again changes nothing",
            born: "2015-03-07",
            choices: [
                ("SK1", .communityHealthCentre, nil, "2024-03-01"), ("SK1", .communityHealthCentre, nil, "2024-03-15"),
                ("C2", .primaryClinic, nil, "2024-04-02"),
            ],
            outcomes: ["accepted", "accepted", "accepted"],
            inForce: ("2024-04-02", "C2")
        ),
        Row(
            name: "hospital before the registration arrives is pending",
            born: nil,
            choices: [("H2", .hospital, 2, "2025-10-01")],
            outcomes: ["pending"],
            inForce: ("2025-10-05", nil)
        ),
        Row(
            name: "clinic without registration is accepted",
            born: nil,
            choices: [("C1", .primaryClinic, nil, "2025-10-01")],
            outcomes: ["accepted"],
            inForce: ("2025-09-30", nil)
        ),
    ]

    @Test(arguments: rows)
    func facilityChoices(row: Row) {
        let person = "F-" + String(row.name.filter { $0.isLetter || $0.isNumber }.prefix(40))
        var events = row.choices.map { Fixtures.facility(person, code: $0.code, kind: $0.kind, level: $0.level, on: $0.on) }
        if let born = row.born { events.append(Fixtures.registered(person, born: born, applied: "2024-01-15", category: .pupil)) }
        let c = Fixtures.evaluate(person, events)
        let outcomes = c.facilityDecisions.map { d -> String in
            switch d.outcome {
            case .accepted: return "accepted"
            case .refused(let r): return "refused: " + r
            case .pending(let r): return "pending: " + r
            }
        }
        #expect(outcomes.count == row.outcomes.count)
        for (actual, expected) in zip(outcomes, row.outcomes) { #expect(actual.hasPrefix(expected)) }
        #expect(c.facility(on: Fixtures.date(row.inForce.0))?.facilityCode == row.inForce.1)
        let refusedCount = outcomes.filter { $0.hasPrefix("refused") }.count
        #expect(c.refused.count == refusedCount)
    }

    @Test func facilityStatusSaysWhyNoFacilityIsInForce() {
        let p = "F-status"
        let c = Fixtures.evaluate(
            p,
            [
                Fixtures.registered(p, born: "2011-10-02", applied: "2024-01-15"),
                Fixtures.facility(p, code: "H2", kind: .hospital, level: 2, on: "2025-09-01"),
            ]
        )
        #expect(c.facilityStatus(on: Fixtures.date("2025-08-31")) == .noneChosen)
        #expect(c.facilityStatus(on: Fixtures.date("2025-10-01")).code == "in_force")
        #expect(c.facilityStatus(on: Fixtures.date("2025-10-02")) == .hospitalChoiceLapsed(since: Fixtures.date("2025-10-02"), age: 14))
        #expect(c.facilityStatus(on: Fixtures.date("2025-10-02")).explanation.hasPrefix("no facility in force since 2025-10-02"))
        #expect(c.lastDayInForce(ofDecisionAt: 0) == Fixtures.date("2025-10-01"))
    }

    @Test func leapDayBirthdayLapsesOnFirstMarch() {
        let p = "F-leap"
        let c = Fixtures.evaluate(
            p,
            [
                Fixtures.registered(p, born: "2012-02-29", applied: "2024-01-15"),
                Fixtures.facility(p, code: "H2", kind: .hospital, level: 2, on: "2025-10-01"),
            ]
        )
        #expect(c.facility(on: Fixtures.date("2026-02-28"))?.facilityCode == "H2")
        #expect(c.facility(on: Fixtures.date("2026-03-01")) == nil)
    }
}
