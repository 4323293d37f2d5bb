import PropertyBased
import RuleTables
import SampleCity
import Testing

@testable import InsuranceDomain

/// The engine's answer depends only on the set of events.
@Suite struct SetSemanticsPropertyTests {
    static let histories: [CoverageCase] =
        CoverageTable.cases + [
            .child("mixed history", periods: []) { p in
                [
                    Fixtures.paid(p, year: 2024, amount: 20000, at: "2024-09-03T10:00:00+08:00", paymentId: "M-1"),
                    Fixtures.paid(p, year: 2024, amount: 23632, at: "2024-10-25T10:00:00+08:00", paymentId: "M-2"),
                    Fixtures.paid(p, year: 2024, amount: 23632, at: "2024-10-26T10:00:00+08:00", paymentId: "M-2", id: "M-2-again"),
                    Fixtures.reversed(p, paymentId: "M-1"),
                    Fixtures.paid(p, year: 2025, at: "2025-11-15T10:00:00+08:00"),
                    Fixtures.stopped(p, on: "2026-03-01"),
                    Fixtures.facility(p, code: "SK1", kind: .communityHealthCentre, on: "2024-03-01"),
                    Fixtures.facility(p, code: "H2", kind: .hospital, level: 2, on: "2024-03-20"),
                    Fixtures.facility(p, code: "H3", kind: .hospital, level: 3, on: "2024-05-20"),
                    Fixtures.family(p, authoriser: "MUM", on: "2024-10-05"),
                    Fixtures.family(p, authoriser: "DAD", tier: 2, on: "2024-10-05"),
                    Fixtures.revoked(p, authoriser: "MUM", on: "2025-10-05"),
                    Fixtures.revoked(p, authoriser: "DAD", on: "2025-10-05"),
                ]
            },
            .child(
                "mixed history of the newer rules",
                born: "2011-10-02",
                hukou: .nonLocal,
                category: .childNotInSchool,
                periods: []
            ) { p in
                [
                    Fixtures.registered(
                        p,
                        born: "2011-10-02",
                        applied: "2024-09-02",
                        hukou: .nonLocal,
                        category: .pupil,
                        guardianMonths: 20,
                        id: "reg-pupil"
                    ),
                    Fixtures.paid(p, year: 2024, at: "2024-09-03T10:00:00+08:00"),
                    Fixtures.stopped(p, on: "2025-01-01"),
                    Fixtures.paid(p, year: 2024, amount: 29088, due: 29088, at: "2025-01-05T10:00:00+08:00"),
                    Fixtures.conflict(p, id: "C-1", on: "2025-03-01"), Fixtures.resolved(p, id: "C-1", on: "2025-04-01"),
                    Fixtures.resolved(p, id: "C-1", on: "2025-02-01"), Fixtures.conflict(p, id: "C-2", on: "2026-02-01"),
                    Fixtures.paid(p, year: 2025, at: "2025-08-20T10:00:00+08:00"),
                    Fixtures.wrap(
                        "rev-foreign",
                        .contributionReversed(
                            ContributionReversed(
                                paymentId: "pay-\(p)-2025-2025-08-20T10:00:00+08:00",
                                personId: p,
                                reversedAt: Fixtures.instant("2025-09-01T10:00:00+08:00"),
                                reason: "refund"
                            )
                        ),
                        source: "school/1"
                    ),
                    Fixtures.facility(p, code: "H2", kind: .hospital, level: 2, on: "2025-09-01"),
                    Fixtures.facility(p, code: "SK1", kind: .communityHealthCentre, on: "2025-10-02"),
                ]
            },
        ]

    static let probeDays = ["2024-09-15", "2024-10-15", "2024-11-15", "2025-01-15", "2025-10-15", "2026-01-01", "2026-06-01"].map(Fixtures.date)

    static func fingerprint(_ c: PersonCoverage) -> String {
        let statuses = probeDays.map {
            "\(c.status(on: $0))"
                + "|\(c.facilityStatus(on: $0))|\(c.authorisers(on: $0).map(\.authoriserId))|\(String(describing: c.householdRegistration(on: $0)))"
        }
        return "\(c.periods)\n\(c.refused)\n\(c.facilityDecisions)\n\(c.familyAuthorisations)\n\(c.blockedSpans)\n\(c.payments)\n\(statuses)"
    }

    @Test(arguments: histories)
    func anyPermutationGivesTheSameResult(history: CoverageCase) async {
        let expected = Self.fingerprint(CoverageEngine.evaluate(personId: history.person, events: history.events, policy: history.policy))
        await propertyCheck(count: 50, input: Gen<[ValidatedEvent]>.shuffled(history.events)) { shuffled in
            #expect(Self.fingerprint(CoverageEngine.evaluate(personId: history.person, events: shuffled, policy: history.policy)) == expected)
        }
    }

    @Test(arguments: histories)
    func duplicatingAnyEventsGivesTheSameResult(history: CoverageCase) async {
        guard !history.events.isEmpty else { return }
        let expected = Self.fingerprint(CoverageEngine.evaluate(personId: history.person, events: history.events, policy: history.policy))
        let copies = Gen.int(in: 0..<history.events.count).array(of: 1...12)
        await propertyCheck(count: 50, input: copies, Gen.int(in: 0...Int.max)) { indices, seed in
            var rng = SplitMix64(seed: UInt64(seed))
            let withDuplicates = (history.events + indices.map { history.events[$0] }).shuffled(using: &rng)
            #expect(Self.fingerprint(CoverageEngine.evaluate(personId: history.person, events: withDuplicates, policy: history.policy)) == expected)
        }
    }
}
