import Foundation
import Hummingbird
import HummingbirdTesting
import InsuranceDomain
import PostgresNIO
import Testing

@testable import Benefits

@Suite("Pages: loader and routes against PostgreSQL")
struct PagesRouteTests {
    /// Stores a person's real events through the store (periods and bindings as the engine's
    /// result would be), plus a refusal, in a fresh database.
    static func seed(_ client: PostgresClient, personId: String) async throws {
        let store = BenefitsStore(client: client)
        let events = PagesEvents.history(personId: personId).enumerated().map { index, event in
            IncomingEvent(
                source: "test/pages",
                eventId: event.id,
                type: event.type,
                personId: personId,
                eventTime: try! Date(event.time, strategy: .iso8601),
                payload: event.json,
                topic: "insurance.enrollments.v1",
                partition: 0,
                offset: Int64(index)
            )
        }
        let refusal = Refusal(
            source: "test/pages",
            eventId: "bad-1",
            type: "insurance.contribution.paid.v1",
            reason: "data.amountFen: must be an integer from 0 to 100000000",
            payload: "{}",
            topic: "insurance.contributions.v1",
            partition: 1,
            offset: 0
        )
        let derived = PersonResult(
            periods: [
                CoveragePeriodRow(policyYear: 2024, startsOn: "2024-10-01", endsOn: "2025-09-30", startMonth: "2024-10", basis: "annual"),
                CoveragePeriodRow(
                    policyYear: 2025,
                    startsOn: "2025-12-01",
                    endsOn: "2026-06-30",
                    startMonth: "2025-12",
                    basis: "month_after_payment"
                ),
            ],
            facilityBindings: [
                FacilityBindingRow(
                    facilityCode: "H-3001",
                    facilityKind: "hospital",
                    hospitalLevel: 3,
                    boundOn: "2024-11-02",
                    status: .refused,
                    reason: "a hospital must be of level 2 or below"
                ),
                FacilityBindingRow(facilityCode: "SK-0042", facilityKind: "community_health_centre", boundOn: "2024-11-05", status: .accepted),
            ],
            familyBindings: [
                FamilyAccountBindingRow(authoriserId: "E-77", relationship: "parent", boundOn: "2024-01-15", rank: 1, status: .accepted)
            ]
        )
        _ = try await store.ingest(
            batch: IngestBatch(events: events, refusals: [refusal]),
            recompute: { _, _ in derived }
        )
    }

    static func app(_ client: PostgresClient) -> some ApplicationProtocol {
        let router = Router()
        router.addBenefitsPages(
            BenefitsPages(
                loader: BenefitsPagesLoader(client: client, policy: .bundledDefaults, today: { LocalDate("2026-03-15") }),
                templates: PagesFixtures.templates
            )
        )
        return Application(router: router)
    }

    @Test("GET /persons/{id} draws the stored person's timeline from events and derived rows")
    func person() async throws {
        try await TestDatabase.withFresh { client, _ in
            try await Self.seed(client, personId: "P-42")
            try await Self.app(client).test(.router) { http in
                try await http.execute(uri: "/persons/P-42", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    let html = String(buffer: response.body)
                    #expect(html.contains("Coverage timeline · person P-42"))
                    #expect(html.contains("<title>Not covered: 2025-10-01 to 2025-11-30 (61 days)</title>"))
                    #expect(html.contains("<title>Not covered: 2023-09-05 to 2024-09-30 (392 days)</title>"))
                    #expect(
                        html.contains(
                            "Payment pay-2 on 2025-09-12: ¥436.32 of ¥436.32 due for policy year 2025 · reversed on 2025-09-20: bank returned the debit"
                        )
                    )
                    #expect(
                        html.contains("Facility H-3001 (hospital level 3) chosen on 2024-11-02 · refused: a hospital must be of level 2 or below")
                    )
                    #expect(html.contains("Family account of E-77 (parent) from 2024-01-15, used in rank 1"))
                    #expect(html.contains("Stopped from 2026-07-01: enrolled in another city"))
                    #expect(html.contains("As of 2026-03-15 · <b>covered today</b> · registered 2023-09-05"))
                    #expect(!html.contains(PagesFixtures.certNo) && !html.contains(PagesFixtures.name))
                }
                try await http.execute(uri: "/persons/P-nobody", method: .get) { response in
                    #expect(response.status == .notFound)
                    #expect(String(buffer: response.body).contains("No events or coverage are stored for person number <b>P-nobody</b>"))
                }
                try await http.execute(uri: "/persons/not%20a%20number", method: .get) { response in
                    #expect(response.status == .notFound)
                }
            }
        }
    }

    @Test("GET /city shows coverage_by_month stacked by basis, totals, refusals and person links")
    func city() async throws {
        try await TestDatabase.withFresh { client, _ in
            try await Self.seed(client, personId: "P-42")
            try await Self.seed(client, personId: "P-43")
            try await Self.app(client).test(.router) { http in
                try await http.execute(uri: "/city", method: .get) { response in
                    #expect(response.status == .ok)
                    let html = String(buffer: response.body)
                    #expect(html.contains("<b>2</b><span>people with coverage</span>"))
                    #expect(html.contains("<b>12</b><span>events stored</span>"))
                    // The same refusal (topic, partition, offset) stored twice is one refusal.
                    #expect(html.contains("<b class=\"refused\">1</b><span>events refused</span>"))
                    #expect(
                        html.contains(
                            "<td>data.amountFen: must be an integer from 0 to 100000000</td><td>insurance.contribution.paid.v1</td><td class=\"n\">1</td>"
                        )
                    )
                    #expect(html.contains("<title>2024-10: 2 covered · annual 2 · newborn 0 · month after payment 0</title>"))
                    #expect(html.contains("<title>2025-12: 2 covered · annual 0 · newborn 0 · month after payment 2</title>"))
                    #expect(html.contains("<title>2025-10: 0 covered") == false)
                    // Oct 2024 – Sep 2025 annual, Dec 2025 – Jun 2026 month after payment.
                    #expect(html.components(separatedBy: "fill=\"#2563eb\"/>").count - 1 == 12)
                    #expect(html.components(separatedBy: "fill=\"#10b981\"/>").count - 1 == 7)
                    #expect(html.contains("<a href=\"/persons/P-42\">P-42</a>") && html.contains("<a href=\"/persons/P-43\">P-43</a>"))
                }
            }
        }
    }
}
