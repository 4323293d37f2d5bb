import Benefits
import Foundation
import Hummingbird
import HummingbirdTesting
import InsuranceDomain
import Testing

/// `GET /v1/persons/{personId}/estimate` answers what `BenefitEstimator` answers for the same
/// stored events, and refuses bad queries naming the parameter.
@Suite("Estimate API")
struct EstimateAPITests {
    static let events: [String: [String]] = [
        "EA-CHILD": [
            TestEvents.registration(person: "EA-CHILD", id: "r1"),
            TestEvents.payment(person: "EA-CHILD", id: "p1", amountFen: 43632),
            TestEvents.facility(person: "EA-CHILD", id: "f1", code: "SK-9", boundOn: "2024-10-05"),
            TestEvents.stop(person: "EA-CHILD", id: "s1", effectiveOn: "2025-03-01"),
        ],
        "EA-TEEN": [
            TestEvents.registration(person: "EA-TEEN", id: "r2", born: "2010-11-15"),
            TestEvents.payment(person: "EA-TEEN", id: "p2", amountFen: 43632),
            TestEvents.hospital(person: "EA-TEEN", id: "f2", code: "H-2", level: 2, boundOn: "2024-10-05"),
        ],
        "EA-AWAY": [
            TestEvents.registration(person: "EA-AWAY", id: "r3", born: "2014-05-05", applied: "2024-09-02", hukou: "non_local", guardianMonths: 24),
            TestEvents.payment(person: "EA-AWAY", id: "p3", amountFen: 43632),
        ],
    ]

    /// Person, query string; the library gets the same visit through `EstimateQuery`'s rules.
    static let visits: [(String, String)] = [
        ("EA-CHILD", "on=2024-11-01&care=outpatient&costFen=10000&facilityCode=SK-9"),
        ("EA-CHILD", "on=2024-11-01&care=outpatient&costFen=10000"),
        ("EA-CHILD", "on=2024-11-01&care=consultation&costFen=1000&usedFen=246500"),
        ("EA-CHILD", "on=2024-11-01&care=outpatient&costFen=10000&facilityCode=SK-OTHER"),
        ("EA-CHILD", "on=2024-11-01&care=outpatient&costFen=10000&facilityCode=H-7&facilityLevel=3&route=emergency"),
        ("EA-CHILD", "on=2024-11-01&care=inpatient&costFen=123457&facilityLevel=2"),
        ("EA-CHILD", "on=2024-11-01&care=inpatient&costFen=100000&facilityLevel=1&where=elsewhere&route=temporary&inProvince=true"),
        ("EA-CHILD", "on=2024-11-01&care=outpatient&costFen=3333&facilityLevel=1&where=elsewhere&route=emergency"),
        ("EA-CHILD", "on=2025-03-01&care=outpatient&costFen=10000"),
        ("EA-CHILD", "on=2024-09-20&care=inpatient&costFen=10000&facilityLevel=1"),
        ("EA-TEEN", "on=2024-11-14&care=outpatient&costFen=10000&facilityCode=H-2"),
        ("EA-TEEN", "on=2024-11-15&care=outpatient&costFen=10000&facilityCode=H-2"),
        ("EA-AWAY", "on=2024-11-01&care=outpatient&costFen=10000&facilityLevel=1&where=elsewhere&route=registered_residence"),
        ("EA-AWAY", "on=2024-11-01&care=outpatient&costFen=10000&facilityLevel=1&where=elsewhere&route=referral"),
    ]

    static func visit(_ query: String) throws -> Visit {
        var values: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            values[parts[0]] = parts[1]
        }
        return Visit(
            day: try #require(LocalDate(values["on"] ?? "")),
            care: try #require(CareKind(rawValue: values["care"] ?? "")),
            costFen: try #require(Int(values["costFen"] ?? "")),
            facilityCode: values["facilityCode"],
            facilityLevel: values["facilityLevel"].flatMap { Int($0) },
            location: values["where"].flatMap(CareLocation.init(rawValue:)) ?? .city,
            route: values["route"].flatMap(CareRoute.init(rawValue:)),
            inProvince: values["inProvince"].map { $0 == "true" },
            usedFen: values["usedFen"].flatMap { Int($0) } ?? 0
        )
    }

    static func coverage(_ person: String) throws -> PersonCoverage {
        let validated = try (events[person] ?? []).map { try EventIntake.validate(json: Array($0.utf8), policy: CoverageAPITests.policy).get() }
        return CoverageEngine.evaluate(personId: person, events: validated, policy: CoverageAPITests.policy)
    }

    @Test("the API answers what the library answers, field by field")
    func sameAsLibrary() async throws {
        try await TestDatabase.withFresh { client, _ in
            try await CoverageAPITests.store(Self.events.values.flatMap { $0 }, into: client)
            try await CoverageAPITests.app(client).test(.router) { http in
                for (person, query) in Self.visits {
                    let expected = try BenefitEstimator.estimate(
                        try Self.visit(query),
                        coverage: try Self.coverage(person),
                        policy: CoverageAPITests.policy
                    ).get()
                    try await http.execute(uri: "/v1/persons/\(person)/estimate?\(query)", method: .get, headers: CoverageAPITests.reader) {
                        response in
                        #expect(response.status == .ok, "\(query)")
                        #expect(response.headers[.contentType] == "application/json")
                        let body = try CoverageAPITests.json(response.body)
                        #expect(body["covered"] as? Bool == expected.covered, "\(query)")
                        #expect(body["payableFen"] as? Int == expected.payableFen, "\(query)")
                        #expect(body["rate"] as? String == expected.rate, "\(query)")
                        #expect(body["capRemainingFen"] as? Int == expected.capRemainingFen, "\(query)")
                        #expect(body["capRemainingFen"] != nil, "capRemainingFen is always present (null when none applies)")
                        #expect(body["reason"] as? String == expected.reason, "\(query)")
                        #expect(body["policyYear"] as? Int == expected.policyYear, "\(query)")
                        #expect(body["assumedParameters"] as? Bool == expected.assumedParameters, "\(query)")
                    }
                }
                // Spot checks that the table above exercises what it claims.
                try await http.execute(uri: "/v1/persons/EA-CHILD/estimate?\(Self.visits[2].1)", method: .get, headers: CoverageAPITests.reader) {
                    response in
                    let body = try CoverageAPITests.json(response.body)
                    #expect(body["payableFen"] as? Int == 631)
                    #expect(body["reason"] as? String == "cap_crossed")
                }
                try await http.execute(uri: "/v1/persons/EA-TEEN/estimate?\(Self.visits[11].1)", method: .get, headers: CoverageAPITests.reader) {
                    response in
                    let body = try CoverageAPITests.json(response.body)
                    #expect(body["reason"] as? String == "hospital_choice_lapsed")
                }
            }
        }
    }

    @Test("bad queries are 400 problem+json naming the parameter; an unknown person is 404")
    func badQueries() async throws {
        let cases: [(String, String)] = [
            ("care=outpatient", "costFen"),
            ("costFen=100", "care"),
            ("care=dental&costFen=100", "care"),
            ("care=outpatient&costFen=-5", "costFen"),
            ("care=outpatient&costFen=1.5", "costFen"),
            ("care=outpatient&costFen=100&usedFen=x", "usedFen"),
            ("care=outpatient&costFen=100&on=2024-02-30", "on"),
            ("care=inpatient&costFen=100&facilityLevel=4", "facilityLevel"),
            ("care=inpatient&costFen=100", "facilityLevel"),
            ("care=outpatient&costFen=100&facilityLevel=1&where=moon", "where"),
            ("care=outpatient&costFen=100&facilityLevel=1&route=taxi", "route"),
            ("care=outpatient&costFen=100&facilityLevel=1&route=temporary", "route"),
            ("care=inpatient&costFen=100&facilityLevel=1&where=elsewhere&inProvince=yes", "inProvince"),
            ("care=outpatient&costFen=100&colour=red", "colour"),
            ("care=outpatient&costFen=100&costFen=200", "costFen"),
        ]
        try await TestDatabase.withFresh { client, _ in
            try await CoverageAPITests.store(Self.events["EA-CHILD"] ?? [], into: client)
            try await CoverageAPITests.app(client).test(.router) { http in
                for (query, field) in cases {
                    try await http.execute(uri: "/v1/persons/EA-CHILD/estimate?\(query)", method: .get, headers: CoverageAPITests.reader) {
                        response in
                        #expect(response.status == .badRequest, "\(query)")
                        #expect(response.headers[.contentType] == "application/problem+json")
                        let errors = try CoverageAPITests.json(response.body)["errors"] as? [[String: Any]]
                        #expect(errors?.first?["field"] as? String == field, "\(query)")
                    }
                }
                try await http.execute(uri: "/v1/persons/NOBODY/estimate?care=outpatient&costFen=1", method: .get, headers: CoverageAPITests.reader) {
                    response in
                    #expect(response.status == .notFound)
                }
                try await http.execute(uri: "/v1/persons/bad%20id/estimate?care=outpatient&costFen=1", method: .get, headers: CoverageAPITests.reader)
                { response in
                    #expect(response.status == .badRequest)
                }
            }
        }
    }
}
