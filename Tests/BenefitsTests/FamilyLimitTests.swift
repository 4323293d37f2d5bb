import Benefits
import Foundation
import InsuranceDomain
import PostgresNIO
import TestSupport
import Testing

/// The family-account limit spans persons: the incremental service must end with the same
/// `family_account_bindings` as the offline evaluation over every event, whatever batches and
/// lanes the beneficiaries were stored in.
@Suite("Family-account limit across persons")
struct FamilyLimitTests {
    /// Nine insured children of one authoriser bound a day apart (the 8th and 9th are over the
    /// limit of 7), one of them also bound to a second authoriser; then the first is revoked and
    /// a tenth bound after, which takes the freed place.
    static func events(tag: String) -> [(person: String, json: String)] {
        let authoriser = "E-\(tag)"
        var events: [(String, String)] = []
        for child in 1...10 {
            let person = "F\(tag)-\(child)"
            events.append((person, TestEvents.registration(person: person, id: "\(person)-r")))
            events.append((person, TestEvents.payment(person: person, id: "\(person)-p", amountFen: 43632)))
            let boundOn = child <= 9 ? String(format: "2024-10-%02d", child) : "2024-11-05"
            events.append((person, TestEvents.family(person: person, id: "\(person)-b", authoriser: authoriser, boundOn: boundOn)))
        }
        let first = "F\(tag)-1"
        events.append(
            (
                first,
                TestEvents.envelope(
                    id: "\(first)-x",
                    type: "insurance.binding.family_account_revoked.v1",
                    person: first,
                    data: #"{"personId":"\#(first)","authoriserId":"\#(authoriser)","revokedOn":"2024-11-01"}"#
                )
            )
        )
        let second = "F\(tag)-2"
        events.append((second, TestEvents.family(person: second, id: "\(second)-b2", authoriser: "E2-\(tag)", boundOn: "2024-10-03")))
        return events
    }

    /// `person authoriser boundOn status` of the offline evaluation, sorted.
    static func expectedBindings(_ events: [(person: String, json: String)]) -> [String] {
        let validated = events.compactMap { try? EventIntake.validate(json: Array($0.json.utf8), policy: .bundledDefaults).get() }
        #expect(validated.count == events.count, "every test event is valid")
        var rows: [String] = []
        for coverage in CoverageEngine.evaluateAll(events: validated, policy: .bundledDefaults) {
            rows += coverage.familyAuthorisations.map { "\(coverage.personId) \($0.authoriserId) \($0.boundOn) accepted" }
            for refused in coverage.refused {
                guard let event = validated.first(where: { $0.id == refused.eventId }),
                    case .familyAccountBinding(let binding) = event.event
                else { continue }
                rows.append("\(coverage.personId) \(binding.authoriserId) \(binding.boundOn) refused")
            }
        }
        return rows.sorted()
    }

    static func storedBindings(_ client: PostgresClient, tag: String) async throws -> [String] {
        var rows: [String] = []
        let query: PostgresQuery = """
            SELECT person_id::text, authoriser_id, bound_on::text, status FROM family_account_bindings
            WHERE person_id LIKE \("F\(tag)-%")
            """
        for try await (person, authoriser, boundOn, status) in try await client.query(query).decode((String, String, String, String).self) {
            rows.append("\(person) \(authoriser) \(boundOn) \(status)")
        }
        return rows.sorted()
    }

    @Test("beneficiaries over the limit are refused as the offline evaluation refuses them, across batches and lanes")
    func limitAcrossBatches() async throws {
        let tag = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let events = Self.events(tag: tag)
        let expected = Self.expectedBindings(events)
        #expect(expected.filter { $0.hasSuffix("refused") }.count == 2, "the scenario puts two bindings over the limit:\n\(expected)")
        #expect(expected.contains { $0.hasPrefix("F\(tag)-10 ") && $0.hasSuffix("accepted") }, "the tenth takes the freed place")

        try await TestDatabase.withFresh { client, settings in
            let harness = try await PipelineHarness.make(settings: settings)
            let records = events.map { event in
                let topic =
                    event.json.contains("\"insurance.enrollment.")
                    ? harness.enrollments
                    : event.json.contains("\"insurance.contribution.") ? harness.contributions : harness.bindings
                return TestRecord(topic: topic, key: event.person, json: event.json)
            }
            try await harness.produce(records)
            // Small batches: the beneficiaries arrive in different batches and lanes.
            try await harness.withPipeline(group: uniqueName("g"), client: client, batchMax: 4) { pipeline in
                try await eventually("every record processed", within: .seconds(60), polling: .stop) {
                    pipeline.state.snapshot.recordsProcessed >= records.count
                }
            }
            let stored = try await Self.storedBindings(client, tag: tag)
            #expect(stored == expected, "stored:\n\(stored.joined(separator: "\n"))\nexpected:\n\(expected.joined(separator: "\n"))")
        }
    }
}
