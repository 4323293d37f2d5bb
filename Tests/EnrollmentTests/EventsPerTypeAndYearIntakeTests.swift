import Foundation
import InsuranceDomain
import ServiceSupport
import Settings
import Testing

@testable import Enrollment

/// Issue 22, bounded work, at the enrollment door: one request or one imported file carries at
/// most `ENROLLMENT_EVENTS_PER_TYPE_AND_YEAR_MAX` events of one person, type and policy year
/// (the benefits service applies the same bound to stored histories).
@Suite("Enrollment: events per person, type and policy year")
struct EventsPerTypeAndYearIntakeTests {
    @Test("a batch with more of one person's payments for one year than the bound is refused whole, naming each one beyond")
    func batchBeyondTheBound() async throws {
        let publisher = RecordingPublisher()
        let person = TestStack.unique("p").replacingOccurrences(of: "-", with: "")
        let other = TestStack.unique("q").replacingOccurrences(of: "-", with: "")
        try await RouterHarness(publisher: publisher, limits: IntakeLimits(eventsPerTypeAndYear: 2)).test { client in
            let within = SampleEvents.batch([
                SampleEvents.payment(personId: person), SampleEvents.payment(personId: person), SampleEvents.payment(personId: other),
            ])
            #expect(try await client.postEvents(within, contentType: "application/cloudevents-batch+json").status == .accepted)
            let beyond = SampleEvents.batch([
                SampleEvents.payment(personId: person), SampleEvents.payment(personId: other), SampleEvents.payment(personId: person),
                SampleEvents.payment(personId: person), SampleEvents.payment(personId: person),
            ])
            let response = try await client.postEvents(beyond, contentType: "application/cloudevents-batch+json")
            #expect(response.status == .unprocessableContent)
            let problem = try response.problem()
            #expect(problem.problems?.map(\.index) == [3, 4])
            #expect(problem.problems?.map(\.field) == ["[3].type", "[4].type"])
            let rule = problem.problems?.first?.rule ?? ""
            #expect(rule.hasPrefix("limit: at most 2 events") && rule.contains("policy year 2024"), "\(rule)")
            #expect(!rule.contains(person))
        }
        #expect(await publisher.published == 3, "nothing of the refused request is published")
    }

    @Test("the bound is read from ENROLLMENT_EVENTS_PER_TYPE_AND_YEAR_MAX, 200 by default, refused outside 1...10000")
    func theVariable() throws {
        #expect(try EnrollmentConfiguration.fromEnvironment([:]).eventsPerTypeAndYear == 200)
        #expect(try EnrollmentConfiguration.fromEnvironment(["ENROLLMENT_EVENTS_PER_TYPE_AND_YEAR_MAX": "5"]).eventsPerTypeAndYear == 5)
        #expect(throws: ConfigurationError.self) { try EnrollmentConfiguration.fromEnvironment(["ENROLLMENT_EVENTS_PER_TYPE_AND_YEAR_MAX": "0"]) }
    }

    /// Progress nobody reads.
    struct Unread: ProgressReporter {
        func update(_ progress: ImportProgress) {}
        func finish(_ progress: ImportProgress) {}
    }

    @Test("an imported file: rows beyond the bound are rejected by line, naming the rule; the others are published")
    func fileBeyondTheBound() async throws {
        let publisher = RecordingPublisher()
        var csv = "paymentId,personId,policyYear,amountFen,dueFen,paidAt,fromBirth,channel\n"
        for n in 1...4 { csv += "TAX-\(n),S42-1001,2024,43632,43632,2024-09-1\(n)T09:30:00+08:00,false,bank_deduction\n" }
        csv += "TAX-5,S42-1001,2025,43632,43632,2025-09-10T09:30:00+08:00,false,bank_deduction\n"
        csv += "TAX-6,S42-1002,2024,43632,43632,2024-09-10T09:30:00+08:00,false,bank_deduction\n"
        let importer = FileImporter(
            kind: .payments,
            source: "/tax-bureau/payments",
            policy: .bundledDefaults,
            topics: TopicNames(),
            publisher: publisher,
            bound: EventsPerTypeAndYear(limit: 2)
        )
        let summary = try await importer.importCSV(Array(csv.utf8), progress: Unread())
        #expect(summary.published == 4)
        #expect(summary.rejected == 2)
        #expect(summary.problems.map(\.line) == [4, 5])
        #expect(summary.problems.allSatisfy { $0.field == "type" && $0.rule.hasPrefix("limit: at most 2 events") })
        #expect(await publisher.published == 4)
    }
}
