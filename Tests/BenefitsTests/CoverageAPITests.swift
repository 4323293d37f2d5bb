import Foundation
import Hummingbird
import HummingbirdTesting
import InsuranceDomain
import Kafka
import PostgresNIO
import ServiceSupport
import Testing

@testable import Benefits

/// `GET /v1/persons/{personId}/coverage` over a database filled through the store's ingest.
@Suite("Coverage API")
struct CoverageAPITests {
    static let policy = PolicyBook.bundledDefaults

    /// Stores the JSON events as if consumed from one partition, recomputing with the domain;
    /// every one must be valid.
    static func store(_ jsons: [String], into client: PostgresClient) async throws {
        let refused = try await TestIngest.store(jsons, into: client, policy: policy, topic: "api-test", group: "api")
        #expect(refused.isEmpty, "test events must be valid: \(refused.map(\.reason))")
    }

    static func app(_ client: PostgresClient) -> some ApplicationProtocol {
        let router = BenefitsRouter.make(
            coverage: CoverageAPI(store: BenefitsStore(client: client), policy: policy),
            pages: nil,
            readers: ReaderTokens(tokens: [(name: "api-test", token: "reader-token")]),
            schemaReady: { true },
            checks: [ReadinessCheck(name: "database") { true }],
            registry: MetricsBootstrap.prometheus()
        )
        return Application(router: router)
    }

    /// A reader's token: every `/v1` route needs one.
    static let reader: HTTPFields = [.authorization: "Bearer reader-token"]

    static func json(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any])
    }

    @Test("coverage lists the stored periods, the facility and the authorisers; ?on= adds the status")
    func coverageAndStatus() async throws {
        try await TestDatabase.withFresh { client, _ in
            try await Self.store(
                [
                    TestEvents.registration(person: "API1", id: "r1"),
                    TestEvents.payment(person: "API1", id: "p1", amountFen: 43632, paidAt: "2024-10-15T09:00:00+08:00"),
                    TestEvents.facility(person: "API1", id: "f1", code: "SK-9", boundOn: "2024-10-20"),
                    TestEvents.family(person: "API1", id: "a1", authoriser: "E-1", boundOn: "2024-10-21"),
                ],
                into: client
            )
            try await Self.app(client).test(.router) { http in
                try await http.execute(uri: "/v1/persons/API1/coverage?on=2024-12-01", method: .get, headers: Self.reader) { response in
                    #expect(response.status == .ok)
                    let body = try Self.json(response.body)
                    #expect(body["personId"] as? String == "API1")
                    let periods = try #require(body["periods"] as? [[String: Any]])
                    #expect(periods.count == 1)
                    #expect(periods.first?["startsOn"] as? String == "2024-11-01")
                    #expect(periods.first?["endsOn"] as? String == "2025-09-30")
                    #expect(periods.first?["startMonth"] as? String == "2024-11")
                    #expect(periods.first?["basis"] as? String == "month_after_payment")
                    #expect(periods.first?["policyYear"] as? Int == 2024)
                    let status = try #require(body["status"] as? [String: Any])
                    #expect(status["covered"] as? Bool == true)
                    #expect((body["facility"] as? [String: Any])?["facilityCode"] as? String == "SK-9")
                    let authorisers = try #require(body["familyAuthorisers"] as? [[String: Any]])
                    #expect(authorisers.map { $0["authoriserId"] as? String } == ["E-1"])
                }
                try await http.execute(uri: "/v1/persons/API1/coverage?on=2024-10-20", method: .get, headers: Self.reader) { response in
                    let status = try #require(try Self.json(response.body)["status"] as? [String: Any])
                    #expect(status["covered"] as? Bool == false)
                    #expect(status["reason"] as? String == "paid_not_yet_started")
                }
                try await http.execute(uri: "/v1/persons/API1/coverage", method: .get, headers: Self.reader) { response in
                    #expect(response.status == .ok)
                    let body = try Self.json(response.body)
                    #expect(body["status"] == nil)
                }
            }
        }
    }

    @Test("an unknown person is 404 with a problem body")
    func unknownPerson() async throws {
        try await TestDatabase.withFresh { client, _ in
            try await Self.app(client).test(.router) { http in
                try await http.execute(uri: "/v1/persons/NOBODY-1/coverage", method: .get, headers: Self.reader) { response in
                    #expect(response.status == .notFound)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    let body = try Self.json(response.body)
                    #expect(body["status"] as? Int == 404)
                }
            }
        }
    }

    @Test(
        "a bad personId or date is 400 naming the field and the rule",
        arguments: [
            ("/v1/persons/bad%20id/coverage", "personId"),
            ("/v1/persons/\(String(repeating: "x", count: 65))/coverage", "personId"),
            ("/v1/persons/API1/coverage?on=2024-02-30", "on"),
            ("/v1/persons/API1/coverage?on=tomorrow", "on"),
        ]
    )
    func badRequest(uri: String, field: String) async throws {
        try await TestDatabase.withFresh { client, _ in
            try await Self.app(client).test(.router) { http in
                try await http.execute(uri: uri, method: .get, headers: Self.reader) { response in
                    #expect(response.status == .badRequest)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    let errors = try #require(try Self.json(response.body)["errors"] as? [[String: Any]])
                    #expect(errors.first?["field"] as? String == field)
                    #expect((errors.first?["rule"] as? String)?.isEmpty == false)
                }
            }
        }
    }
}
