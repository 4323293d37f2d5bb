import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InsuranceDomain
import PostgresNIO
import SampleCity
import TestSupport
import Testing

@testable import Benefits

/// The view `renewal_outlook` and `GET /v1/renewals`, filled through the real pipeline (Kafka
/// and PostgreSQL), against the domain's `RenewalOutlook`.
@Suite("Renewal outlook")
struct RenewalOutlookTests {
    /// The cohort of policy year 2025 (covered in 2024), one person per status, and one outsider.
    static let cohort: [String] = [
        // renewed_on_time: 2024 and 2025 paid in their windows.
        TestEvents.payment(person: "RN-ONTIME", id: "on-24", policyYear: 2024, paidAt: "2024-09-10T09:00:00+08:00"),
        TestEvents.payment(person: "RN-ONTIME", id: "on-25", policyYear: 2025, paidAt: "2025-08-20T09:00:00+08:00"),
        // renewed_late: 2025 paid on 15 November → covered from 1 December.
        TestEvents.payment(person: "RN-LATE", id: "late-24", policyYear: 2024, paidAt: "2024-09-10T09:00:00+08:00"),
        TestEvents.payment(person: "RN-LATE", id: "late-25", policyYear: 2025, paidAt: "2025-11-15T09:00:00+08:00"),
        // not_renewed.
        TestEvents.payment(person: "RN-NOT", id: "not-24", policyYear: 2024, paidAt: "2024-09-10T09:00:00+08:00"),
        // stopped.
        TestEvents.payment(person: "RN-STOP", id: "stop-24", policyYear: 2024, paidAt: "2024-09-10T09:00:00+08:00"),
        TestEvents.stop(person: "RN-STOP", id: "stop-s", effectiveOn: "2025-04-01"),
        // aged_out: turns 18 on 2025-08-20, in August.
        TestEvents.registration(person: "RN-AUGUST", id: "aug-r", born: "2007-08-20", applied: "2024-09-02"),
        TestEvents.payment(person: "RN-AUGUST", id: "aug-24", policyYear: 2024, paidAt: "2024-09-10T09:00:00+08:00"),
        // Turns 18 on 2025-09-05: under 18 on 1 September, still in the cohort.
        TestEvents.registration(person: "RN-SEPT", id: "sep-r", born: "2007-09-05", applied: "2024-09-02"),
        TestEvents.payment(person: "RN-SEPT", id: "sep-24", policyYear: 2024, paidAt: "2024-09-10T09:00:00+08:00"),
        // Not covered in 2024: not in 2025's cohort.
        TestEvents.payment(person: "RN-NEW", id: "new-25", policyYear: 2025, paidAt: "2025-09-10T09:00:00+08:00"),
    ]

    static let expected2025 = [
        "RN-AUGUST aged_out -", "RN-LATE renewed_late 2025-12-01", "RN-NOT not_renewed -", "RN-ONTIME renewed_on_time 2025-10-01",
        "RN-SEPT not_renewed -", "RN-STOP stopped -",
    ]

    /// `person status first` rows of the view for a year, in person order.
    static func view(_ year: Int, client: PostgresClient) async throws -> [String] {
        let rows = try await client.query(
            """
            SELECT person_id::text, status, coalesce(to_char(first_covered_on, 'YYYY-MM-DD'), '-')
            FROM renewal_outlook WHERE policy_year = \(year) ORDER BY person_id
            """,
            logger: TestDatabase.logger
        )
        var lines: [String] = []
        for try await (person, status, first) in rows.decode((String, String, String).self) { lines.append("\(person) \(status) \(first)") }
        return lines
    }

    /// The same rows from the domain library alone.
    static func domain(_ year: Int, records: [TestRecord]) -> [String] {
        var byPerson: [String: [ValidatedEvent]] = [:]
        for record in records {
            // As the pipeline: invalid events, and events keyed by another person, are refused.
            guard case .success(let event) = EventIntake.validate(json: Array(record.json.utf8), policy: .bundledDefaults),
                record.key.isEmpty || record.key == event.personId
            else { continue }
            byPerson[event.personId, default: []].append(event)
        }
        return byPerson.keys.sorted().compactMap { person in
            let coverage = CoverageEngine.evaluate(personId: person, events: byPerson[person] ?? [], policy: .bundledDefaults)
            guard let standing = RenewalOutlook.standing(policyYear: year, coverage: coverage) else { return nil }
            return "\(person) \(standing.status.rawValue) \(standing.firstCoveredOn?.description ?? "-")"
        }
    }

    @Test("a cohort of every status through the pipeline; the view agrees with the library and follows later events")
    func cohortThroughPipeline() async throws {
        try await TestDatabase.withFresh { client, settings in
            let harness = try await PipelineHarness.make(settings: settings)
            let records = Self.cohort.map { harness.record($0) }
            let lateRenewal = [
                harness.record(
                    TestEvents.payment(person: "RN-NOT", id: "not-25", policyYear: 2025, paidAt: "2026-01-20T09:00:00+08:00")
                )
            ]
            try await harness.produce(records)
            try await harness.withPipeline(group: uniqueName("g"), client: client) { _ in
                // The whole expected view, not just six rows: a stop or a registration on the
                // enrollments topic may come in a later batch than the payments that make the rows.
                try await eventually("the cohort stored", within: .seconds(90), polling: .stop) {
                    try await Self.view(2025, client: client) == Self.expected2025
                }
                #expect(Self.domain(2025, records: records) == Self.expected2025)

                // A renewal paid late arrives: the outlook follows without any recomputation of the city.
                try await harness.produce(lateRenewal)
                try await eventually("the late renewal seen", within: .seconds(90), polling: .stop) {
                    try await Self.view(2025, client: client).contains("RN-NOT renewed_late 2026-02-01")
                }
            }
            #expect(try await Self.view(2025, client: client) == Self.domain(2025, records: records + lateRenewal))
            let analyst = try await client.query(
                "SELECT has_table_privilege('insurance_analyst', 'renewal_outlook', 'SELECT')",
                logger: TestDatabase.logger
            )
            for try await allowed in analyst.decode(Bool.self) { #expect(allowed) }
        }
    }

    @Test("the sample city's renewal outlook agrees with the library for every year")
    func sampleCityAgrees() async throws {
        let sample = Array(SampleCity(SampleCityOptions(persons: 600, seed: 31, faultyShare: 0.05, duplicateShare: 0.05)).events)
        try await TestDatabase.withFresh { client, settings in
            let harness = try await PipelineHarness.make(settings: settings)
            let records = harness.records(sample)
            let expected = ExpectedTables(records)
            try await harness.produce(records)
            try await harness.withPipeline(group: uniqueName("g"), client: client) { _ in
                try await eventually("the sample stored", within: .seconds(90), polling: .stop) {
                    let tables = try await ActualTables.read(client)
                    return tables.events >= expected.events && tables.refusals >= expected.refusals
                }
            }
            var statuses: [String: Int] = [:]
            for year in 2023...2027 {
                let domain = Self.domain(year, records: records)
                #expect(try await Self.view(year, client: client) == domain, "policy year \(year)")
                for line in domain { statuses[String(line.split(separator: " ")[1]), default: 0] += 1 }
            }
            #expect(Set(statuses.keys) == Set(RenewalStatus.allCases.map(\.rawValue)), "the sample has every status: \(statuses)")
        }
    }

    @Test("GET /v1/renewals as JSON and CSV, filtered by status; bad queries name the parameter")
    func api() async throws {
        try await TestDatabase.withFresh { client, _ in
            try await CoverageAPITests.store(Self.cohort, into: client)
            try await CoverageAPITests.app(client).test(.router) { http in
                try await http.execute(uri: "/v1/renewals?policyYear=2025", method: .get, headers: CoverageAPITests.reader) { response in
                    #expect(response.status == .ok)
                    let body = try CoverageAPITests.json(response.body)
                    let persons = try #require(body["persons"] as? [[String: Any]])
                    let lines = persons.map {
                        "\($0["personId"] as? String ?? "?") \($0["status"] as? String ?? "?") \($0["firstCoveredOn"] as? String ?? "-")"
                    }
                    #expect(lines == Self.expected2025)
                    let counts = try #require(body["counts"] as? [String: Int])
                    #expect(counts == ["renewed_on_time": 1, "renewed_late": 1, "not_renewed": 2, "stopped": 1, "aged_out": 1])
                }
                try await http.execute(
                    uri: "/v1/renewals?policyYear=2025&status=not_renewed",
                    method: .get,
                    headers: CoverageAPITests.reader + [.accept: "text/csv"]
                ) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                    let table = try CSVTable.parse(String(decoding: Data(buffer: response.body), as: UTF8.self))
                    #expect(table.first == ["policyYear", "personId", "status", "firstCoveredOn"])
                    #expect(Array(table.dropFirst()) == [["2025", "RN-NOT", "not_renewed", ""], ["2025", "RN-SEPT", "not_renewed", ""]])
                    #expect(!String(decoding: Data(buffer: response.body), as: UTF8.self).contains("440305"), "no citizen ID in the list")
                }
                // Pages of two: every person once, in order, the counts the cohort's, then no next page.
                var paged: [String] = []
                var next: String? = "/v1/renewals?policyYear=2025&limit=2"
                while let uri = next {
                    next = try await http.execute(uri: uri, method: .get, headers: CoverageAPITests.reader) { response in
                        #expect(response.status == .ok)
                        let body = try CoverageAPITests.json(response.body)
                        let persons = try #require(body["persons"] as? [[String: Any]])
                        #expect(persons.count <= 2)
                        paged += persons.map {
                            "\($0["personId"] as? String ?? "?") \($0["status"] as? String ?? "?") \($0["firstCoveredOn"] as? String ?? "-")"
                        }
                        #expect((body["counts"] as? [String: Int])?.values.reduce(0, +) == Self.expected2025.count)
                        let link = response.headers[HTTPField.Name("Link")!]
                        if let after = body["nextAfter"] as? String {
                            #expect(link == "</v1/renewals?policyYear=2025&after=\(after)&limit=2>; rel=\"next\"")
                            return "/v1/renewals?policyYear=2025&after=\(after)&limit=2"
                        }
                        #expect(link == nil, "the last page links nowhere")
                        return nil
                    }
                    #expect(paged.count <= Self.expected2025.count, "the pages end")
                    if paged.count > Self.expected2025.count { break }
                }
                #expect(paged == Self.expected2025)
                for (query, field) in [
                    ("", "policyYear"), ("policyYear=25", "policyYear"), ("policyYear=2025&status=lapsed", "status"), ("policyYear=2025&x=1", "x"),
                    ("policyYear=2025&limit=0", "limit"), ("policyYear=2025&limit=10001", "limit"), ("policyYear=2025&limit=ten", "limit"),
                    ("policyYear=2025&after=", "after"),
                ] {
                    try await http.execute(uri: "/v1/renewals?\(query)", method: .get, headers: CoverageAPITests.reader) { response in
                        #expect(response.status == .badRequest, "\(query)")
                        let errors = try CoverageAPITests.json(response.body)["errors"] as? [[String: Any]]
                        #expect(errors?.first?["field"] as? String == field, "\(query)")
                    }
                }
            }
        }
    }

    @Test("CSV fields with commas, quotes and line breaks are quoted and parse back")
    func csvQuoting() throws {
        let rows = [RenewalRow(personId: "A,1", status: "say \"hi\"\r\nbreak", firstCoveredOn: "2025-10-01")]
        let table = try CSVTable.parse(RenewalsCSV.text(policyYear: 2025, rows: rows))
        #expect(table == [RenewalsCSV.header, ["2025", "A,1", "say \"hi\"\r\nbreak", "2025-10-01"]])
    }
}
