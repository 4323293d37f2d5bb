import Testing

@testable import InsuranceDomain

@Suite struct FamilyAccountTests {
    @Test func tierOneAuthorisersInForceInOrderOfAuthorisation() {
        let p = "FA-child-1"
        let c = Fixtures.evaluate(
            p,
            [
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
}
