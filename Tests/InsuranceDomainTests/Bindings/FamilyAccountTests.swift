import RuleTables
import Testing

@testable import InsuranceDomain

@Suite struct FamilyAccountTests {
    @Test func tierOneAuthorisersInForceInOrderOfAuthorisation() {
        let p = "FA-child-1"
        let c = Fixtures.evaluate(
            p,
            [
                Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"),
                Fixtures.family(p, authoriser: "MUM", on: "2024-10-05"),
                Fixtures.family(p, authoriser: "DAD", on: "2024-10-01"),
                Fixtures.family(p, authoriser: "GRAN", tier: 2, on: "2024-10-01"),
                Fixtures.revoked(p, authoriser: "DAD", on: "2025-01-01"),
            ]
        )
        #expect(c.authorisers(on: Fixtures.date("2024-10-03")).map(\.authoriserId) == ["DAD"])
        #expect(c.authorisers(on: Fixtures.date("2024-12-31")).map(\.authoriserId) == ["DAD", "MUM"])
        #expect(c.authorisers(on: Fixtures.date("2025-01-01")).map(\.authoriserId) == ["MUM"])
        #expect(
            c.refused == [
                RefusedEvent(
                    eventId: "fam-FA-child-1-GRAN-2024-10-01",
                    reason: "only a tier-1 employee participant (基本医疗保险一档) may share their personal account; this authoriser is tier 2"
                )
            ]
        )
    }

    @Test func revocationWithoutAuthorisationIsRefused() {
        let p = "FA-child-2"
        let c = Fixtures.evaluate(
            p,
            [
                Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"),
                Fixtures.family(p, authoriser: "MUM", on: "2024-10-05"),
                Fixtures.revoked(p, authoriser: "MUM", on: "2024-10-01"),
            ]
        )
        #expect(c.refused.map(\.reason) == ["no family account authorisation by this authoriser is in force on 2024-10-01"])
        #expect(c.authorisers(on: Fixtures.date("2024-10-06")).map(\.authoriserId) == ["MUM"])
    }

    @Test func atMostSevenBeneficiariesPerAuthoriser() {
        var events: [ValidatedEvent] = []
        for i in 1...8 { events.append(Fixtures.family("FA-kid-\(i)", authoriser: "BOSS", on: "2024-10-0\(i)")) }
        // Another authoriser is unaffected.
        events.append(Fixtures.family("FA-kid-8", authoriser: "AUNT", on: "2024-10-01"))
        events.append(Fixtures.paid("FA-kid-8", year: 2024, at: "2024-09-10T10:00:00+08:00"))
        let limits = FamilyAccountRules.limitRefusals(events: events, policy: Fixtures.policy)
        #expect(limits.keys.map(\.id) == ["fam-FA-kid-8-BOSS-2024-10-08"])
        let all = CoverageEngine.evaluateAll(events: events, policy: Fixtures.policy)
        let eighth = all.first { $0.personId == "FA-kid-8" }!
        #expect(eighth.authorisers(on: Fixtures.date("2024-10-09")).map(\.authoriserId) == ["AUNT"])
        #expect(eighth.refused.map(\.reason) == ["the authoriser already shares their personal account with 7 beneficiaries, the most allowed"])
    }

    @Test func aRevocationFreesAPlace() {
        var events: [ValidatedEvent] = []
        for i in 1...7 { events.append(Fixtures.family("FB-kid-\(i)", authoriser: "BOSS2", on: "2024-10-0\(i)")) }
        events.append(Fixtures.revoked("FB-kid-1", authoriser: "BOSS2", on: "2024-11-01"))
        events.append(Fixtures.family("FB-kid-8", authoriser: "BOSS2", on: "2024-11-01"))
        #expect(FamilyAccountRules.limitRefusals(events: events, policy: Fixtures.policy).isEmpty)
    }

    /// One row: a beneficiary's events, and the authorisers listed in force on each day.
    struct InForceRow: Sendable, CustomTestStringConvertible {
        let name: String
        let events: @Sendable (String) -> [ValidatedEvent]
        /// (day, authorisers in force that day)
        let days: [(String, [String])]
        var testDescription: String { name }
    }

    static let inForceRows: [InForceRow] = [
        InForceRow(
            name: "family decision: a binding of a person with no coverage is kept but not in force",
            events: { p in [Fixtures.family(p, authoriser: "MUM", on: "2024-10-05")] },
            days: [("2024-10-05", []), ("2025-06-01", [])]
        ),
        InForceRow(
            name: "family decision: a binding made before the payment is in force from the first covered day",
            events: { p in
                [Fixtures.family(p, authoriser: "MUM", on: "2024-08-20"), Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00")]
            },
            days: [("2024-09-20", []), ("2024-10-01", ["MUM"]), ("2025-09-30", ["MUM"]), ("2025-10-01", [])]
        ),
        InForceRow(
            name: "family decision: a binding is not in force on the days a stop ends coverage",
            events: { p in
                [
                    Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"), Fixtures.family(p, authoriser: "MUM", on: "2024-10-05"),
                    Fixtures.stopped(p, on: "2025-01-01"),
                ]
            },
            days: [("2024-12-31", ["MUM"]), ("2025-01-01", [])]
        ),
        InForceRow(
            name: "family decision: a binding of a person who is not eligible is never in force",
            events: { p in
                [
                    Fixtures.registered(p, born: "2015-03-07", applied: "2024-08-01", hukou: .nonLocal, category: .childNotInSchool),
                    Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"), Fixtures.family(p, authoriser: "MUM", on: "2024-10-05"),
                ]
            },
            days: [("2024-10-05", []), ("2025-03-01", [])]
        ),
    ]

    @Test(arguments: inForceRows)
    func bindingInForceOnlyOnCoveredDays(row: InForceRow) {
        let p = "FA-cov-" + String(row.name.unicodeScalars.filter(CharacterSetASCII.isAlnum).suffix(40).map(Character.init))
        let c = Fixtures.evaluate(p, row.events(p))
        for (day, expected) in row.days {
            #expect(c.authorisers(on: Fixtures.date(day)).map(\.authoriserId) == expected, "on \(day)")
        }
        // The binding is kept either way: it is listed, only not in force.
        #expect(c.familyAuthorisations.map(\.authoriserId) == ["MUM"])
    }
}
