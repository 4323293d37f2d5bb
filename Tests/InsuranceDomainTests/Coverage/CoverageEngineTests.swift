import Foundation
import RuleTables
import Testing

@testable import InsuranceDomain

@Suite struct CoverageEngineTests {
    @Test(arguments: CoverageTable.cases)
    func periodsAndStatuses(of c: CoverageCase) {
        let coverage = CoverageEngine.evaluate(personId: c.person, events: c.events, policy: c.policy)
        #expect(Fixtures.periods(coverage) == c.periods)
        for (day, code) in c.statuses {
            let status = coverage.status(on: Fixtures.date(day))
            switch status {
            case .covered: #expect(code == "covered", "on \(day)")
            case .notCovered(let reason): #expect(reason.code == code, "on \(day): \(reason.explanation)")
            }
        }
    }

    @Test func statusReasonsCarryTheirDates() {
        let p = "P-status-dates"
        let events = [
            Fixtures.registered(p, born: "2015-03-07", applied: "2024-08-01"),
            Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"),
            Fixtures.paid(p, year: 2025, amount: 10000, at: "2025-09-10T10:00:00+08:00"),
        ]
        let c = Fixtures.evaluate(p, events)
        #expect(c.status(on: Fixtures.date("2024-09-20")) == .notCovered(.paidNotYetStarted(startsOn: Fixtures.date("2024-10-01"))))
        #expect(c.status(on: Fixtures.date("2025-10-02")) == .notCovered(.paymentIncomplete(policyYear: 2025, paidFen: 10000, dueFen: 43632)))
        #expect(c.status(on: Fixtures.date("2025-01-01")) == .covered(c.periods[0]))
    }

    @Test func refusals() {
        let p = "P-refusals"
        let events = [
            Fixtures.registered(p, born: "2004-01-01", applied: "2024-08-01", category: .childNotInSchool, id: "reg-adult"),
            Fixtures.paid(p, year: 2024, amount: 100, at: "2024-09-10T10:00:00+08:00", paymentId: "T-1", id: "pay-a"),
            Fixtures.paid(p, year: 2024, amount: 200, at: "2024-09-11T10:00:00+08:00", paymentId: "T-1", id: "pay-b"),
            Fixtures.wrap(
                "rev-other-source",
                .contributionReversed(
                    ContributionReversed(
                        paymentId: "T-1",
                        personId: p,
                        reversedAt: Fixtures.instant("2024-12-01T10:00:00+08:00"),
                        reason: "refund"
                    )
                ),
                source: "school/42"
            ),
        ]
        let c = Fixtures.evaluate(p, events)
        // The registration is valid and stays accepted; it makes the person not eligible.
        #expect(
            c.refused == [
                RefusedEvent(eventId: "pay-b", reason: "paymentId was already reported with policyYear 2024, amountFen 100, dueFen 43632"),
                RefusedEvent(
                    eventId: "rev-other-source",
                    reason:
                        "a reversal counts only from the upstream that reported the payment (its source, or a source declared in its source group)"
                ),
            ]
        )
        #expect(c.notEligibleReason == "a child not in school qualifies only under 18")
        #expect(c.status(on: Fixtures.date("2024-11-01")) == .notCovered(.notEligible(reason: "a child not in school qualifies only under 18")))
    }

    /// Rule 8: a registration refused at the door (here: a wrong check character) never reaches
    /// the engine; the payment alone gives coverage.
    @Test func rule8RegistrationRefusedByValidationIsIgnored() {
        let badCertNo = String(Fixtures.citizenID(born: "2015-03-07").dropLast()) + "0"
        let registration = Fixtures.json(
            type: InsuranceEventType.enrollmentRegistered.rawValue,
            subject: "P-bad-reg",
            id: "reg-bad",
            data:
                #"{"personId":"P-bad-reg","certType":"resident_id","certNo":"\#(badCertNo)","birthDate":"2015-03-07","hukou":"non_local","category":"child_not_in_school","appliedOn":"2024-09-02"}"#
        )
        let accepted = [registration].compactMap { try? EventIntake.validate(json: $0, policy: Fixtures.policy).get() }
        #expect(accepted.isEmpty)
        let events = accepted + [Fixtures.paid("P-bad-reg", year: 2024, at: "2024-09-10T10:00:00+08:00")]
        #expect(Fixtures.periods(Fixtures.evaluate("P-bad-reg", events)) == ["2024 2024-10-01..2025-09-30 annual"])
    }

    @Test func rule10UnlistedPolicyYearsAreNeverRefused() throws {
        let p = "P-unknown-year"
        let book = try PolicyBook(years: [Fixtures.policy.year(2024)])
        let events = [
            Fixtures.paid(p, year: 2025, at: "2025-09-10T10:00:00+08:00", id: "pay-2025"),
            Fixtures.paid(p, year: 2022, at: "2022-10-10T10:00:00+08:00", id: "pay-2022"),
        ]
        let c = CoverageEngine.evaluate(personId: p, events: events, policy: book)
        #expect(c.refused.isEmpty)
        #expect(Fixtures.periods(c) == ["2022 2022-11-01..2023-09-30 month_after_payment", "2025 2025-10-01..2026-09-30 annual"])
        #expect(book.isAssumed(2025) && book.isAssumed(2022) && !book.isAssumed(2024))
    }

    @Test func policyWindowIsData() throws {
        // A year whose window closed on 25 September: a payment on the 27th is not on time,
        // though its month-after-payment start is still 1 October.
        let y = Fixtures.policy.year(2024)
        let book = try PolicyBook(years: [
            PolicyYear(
                policyYear: 2024,
                windowOpensOn: y.windowOpensOn,
                windowClosesOn: Fixtures.date("2024-09-25"),
                individualPremiumFen: 43632,
                subsidyFen: 87264
            )
        ])
        let p = "P-window"
        let c = CoverageEngine.evaluate(
            personId: p,
            events: [
                Fixtures.registered(p, born: "2015-03-07", applied: "2024-08-01"),
                Fixtures.paid(p, year: 2024, at: "2024-09-27T10:00:00+08:00"),
            ],
            policy: book
        )
        #expect(Fixtures.periods(c) == ["2024 2024-10-01..2025-09-30 month_after_payment"])
    }

    @Test func offlineEvaluationLineMatchesTheContract() throws {
        let p = "P-json"
        let c = Fixtures.evaluate(
            p,
            [
                Fixtures.registered(p, born: "2015-03-07", applied: "2024-08-01"),
                Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"),
                Fixtures.facility(p, code: "H3", kind: .hospital, level: 3, on: "2024-10-02"),
            ]
        )
        let expected =
            #"{"personId":"P-json","periods":[{"policyYear":2024,"startsOn":"2024-10-01","endsOn":"2025-09-30","startMonth":"2024-10","basis":"annual"}],"refused":[{"eventId":"fac-P-json-H3-2024-10-02","reason":"a hospital chosen under 14 must be of level 2 or below, this one is level 3"}]}"#
        #expect(String(decoding: c.evaluationJSON, as: UTF8.self) == expected)
        // The Codable form has the same content (key order aside).
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(c)) as? NSDictionary
        let contract = try JSONSerialization.jsonObject(with: Data(expected.utf8)) as? NSDictionary
        #expect(encoded == contract)
    }

    @Test func evaluateAllGroupsAndOrdersPersons() {
        let events = [
            Fixtures.paid("P-b", year: 2024, at: "2024-09-10T10:00:00+08:00"),
            Fixtures.registered("P-a", born: "2015-03-07", applied: "2024-08-01"),
            Fixtures.registered("P-b", born: "2015-03-07", applied: "2024-08-01"),
        ]
        let all = CoverageEngine.evaluateAll(events: events, policy: Fixtures.policy)
        #expect(all.map(\.personId) == ["P-a", "P-b"])
        #expect(all[0].periods.isEmpty)
        #expect(all[1].periods.count == 1)
    }

    @Test func partialYearDueIsTheRemainingMonths() {
        let y = Fixtures.policy.year(2024)
        #expect(y.dueFen(appliedOn: Fixtures.date("2024-09-15")) == 43632)
        #expect(y.dueFen(appliedOn: Fixtures.date("2024-10-15")) == 39996)
        #expect(y.dueFen(appliedOn: Fixtures.date("2025-05-20")) == 14544)
        #expect(y.dueFen(appliedOn: Fixtures.date("2025-08-31")) == 3636)
        #expect(y.dueFen(appliedOn: Fixtures.date("2025-09-01")) == 0)
    }
}

extension CoverageEngineTests {
    @Test func personIsTakenFromTheEvents() {
        let p = "P-implicit"
        let c = CoverageEngine.evaluate(
            events: [
                Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"),
                Fixtures.registered(p, born: "2015-03-07", applied: "2024-08-01"),
            ],
            policy: Fixtures.policy
        )
        #expect(c.personId == p)
        #expect(Fixtures.periods(c) == ["2024 2024-10-01..2025-09-30 annual"])
    }
}
