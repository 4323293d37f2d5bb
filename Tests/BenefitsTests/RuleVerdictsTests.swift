import Foundation
import Hummingbird
import HummingbirdTesting
import InsuranceDomain
import Testing

@testable import Benefits

/// The engine's newer verdicts reach the API and the timeline page: payments standing alone,
/// assumed parameters, duplicate enrolment, the facility lapsing at 14.
@Suite("Rule verdicts in the API and pages")
struct RuleVerdictsTests {
    @Test("rule 8 and rule 10 through the API: a payment without registration is covered; an unlisted year is marked assumed")
    func paymentStandsAloneAndAssumedYear() async throws {
        try await TestDatabase.withFresh { client, _ in
            try await CoverageAPITests.store(
                [
                    TestEvents.payment(person: "R8", id: "p2024", policyYear: 2024, paidAt: "2024-09-10T09:00:00+08:00"),
                    TestEvents.payment(person: "R8", id: "p2031", policyYear: 2031, paidAt: "2031-08-20T09:00:00+08:00"),
                ],
                into: client
            )
            try await CoverageAPITests.app(client).test(.router) { http in
                try await http.execute(uri: "/v1/persons/R8/coverage?on=2024-10-01", method: .get, headers: CoverageAPITests.reader) { response in
                    #expect(response.status == .ok)
                    let body = try CoverageAPITests.json(response.body)
                    let periods = try #require(body["periods"] as? [[String: Any]])
                    #expect(periods.map { $0["startsOn"] as? String } == ["2024-10-01", "2031-10-01"])
                    #expect(periods.map { $0["assumedParameters"] as? Bool } == [false, true])
                    #expect((body["status"] as? [String: Any])?["covered"] as? Bool == true)
                    #expect((body["facilityStatus"] as? [String: Any])?["code"] as? String == "no_facility_chosen")
                }
            }
        }
    }

    @Test("rule 7 through the API: blocked days say duplicate_enrolment; the facility decision: a hospital lapses at 14")
    func duplicateEnrolmentAndLapse() async throws {
        try await TestDatabase.withFresh { client, _ in
            try await CoverageAPITests.store(
                [
                    TestEvents.registration(person: "R7", id: "r1", born: "2011-10-02", applied: "2024-09-02"),
                    TestEvents.payment(person: "R7", id: "p1", policyYear: 2024, paidAt: "2024-09-10T09:00:00+08:00"),
                    TestEvents.conflict(person: "R7", id: "c1", detectedOn: "2025-01-10"),
                    TestEvents.hospital(person: "R7", id: "h1", code: "H-2", boundOn: "2024-10-20"),
                ],
                into: client
            )
            try await CoverageAPITests.app(client).test(.router) { http in
                try await http.execute(uri: "/v1/persons/R7/coverage?on=2025-02-01", method: .get, headers: CoverageAPITests.reader) { response in
                    let body = try CoverageAPITests.json(response.body)
                    let periods = try #require(body["periods"] as? [[String: Any]])
                    #expect(periods.map { $0["endsOn"] as? String } == ["2025-01-09"])
                    let status = try #require(body["status"] as? [String: Any])
                    #expect(status["reason"] as? String == "duplicate_enrolment")
                    #expect((body["facilityStatus"] as? [String: Any])?["code"] as? String == "in_force")
                }
                try await http.execute(uri: "/v1/persons/R7/coverage?on=2025-10-02", method: .get, headers: CoverageAPITests.reader) { response in
                    let body = try CoverageAPITests.json(response.body)
                    #expect(body["facility"] == nil || body["facility"] is NSNull)
                    #expect((body["facilityStatus"] as? [String: Any])?["code"] as? String == "hospital_choice_lapsed")
                }
            }
        }
    }

    @Test("the timeline page says not eligible, blocked days, no facility in force and assumed parameters")
    func timelineNotices() {
        let payloads = [
            TestEvents.payment(person: "R9", id: "p1", policyYear: 2031, paidAt: "2031-09-10T09:00:00+08:00"),
            TestEvents.conflict(person: "R9", id: "c1", detectedOn: "2032-01-10"),
        ]
        let timeline = PersonTimeline.assemble(
            personId: "R9",
            asOf: LocalDate("2032-02-01"),
            payloads: payloads,
            derived: PersonResult(),
            policy: .bundledDefaults
        )
        let html = PersonTimelinePage.render(timeline, with: PagesFixtures.templates)
        #expect(html.contains("Enrolled in another city"))
        #expect(html.contains("no facility in force"))
        #expect(html.contains("Policy year(s) 2031"))

        let ineligible = TestEvents.envelope(
            id: "r1",
            type: "insurance.enrollment.registered.v1",
            person: "R10",
            data:
                #"{"personId":"R10","certType":"birth_certificate","certNo":"BC1","birthDate":"2024-01-10","hukou":"non_local","category":"child_not_in_school","appliedOn":"2024-02-01","guardianCityInsuredMonths":30}"#
        )
        let notEligible = PersonTimeline.assemble(
            personId: "R10",
            asOf: LocalDate("2024-10-05"),
            payloads: [ineligible, TestEvents.payment(person: "R10", id: "p1", policyYear: 2024, paidAt: "2024-09-10T09:00:00+08:00")],
            derived: PersonResult(),
            policy: .bundledDefaults
        )
        let page = PersonTimelinePage.render(notEligible, with: PagesFixtures.templates)
        #expect(page.contains("Not eligible"))
        #expect(notEligible.payments.count == 1, "payments are still listed")
    }
}
