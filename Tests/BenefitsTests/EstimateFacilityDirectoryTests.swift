import Foundation
import Hummingbird
import HummingbirdTesting
import InsuranceDomain
import PostgresNIO
import ServiceSupport
import Settings
import Testing

@testable import Benefits

/// `FACILITY_DIRECTORY_FILE`: read at start-up like `POLICY_FILE` (a bad file stops it, naming
/// the file, the entry and the rule), and passed to the estimate, which then pays a community
/// health centre's settling hospital and its other centres.
@Suite("Estimate with FACILITY_DIRECTORY_FILE")
struct EstimateFacilityDirectoryTests {
    static let variable = "FACILITY_DIRECTORY_FILE"

    /// `samples/facility-directory.json`: C1001 and C1002 settle with the level-2 hospital H101.
    static let samplePath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("samples/facility-directory.json").path

    static func temporaryFile(_ text: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("facility-directory-\(UUID().uuidString).json").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    @Test("the configuration reads FACILITY_DIRECTORY_FILE; unset means no directory")
    func reads() throws {
        let configured = try BenefitsConfiguration.fromEnvironment([Self.variable: Self.samplePath])
        let directory = try #require(configured.facilities)
        #expect(directory.count == 5)
        #expect(directory["C1001"]?.settlingHospital == "H101")
        #expect(directory["H101"]?.level == 2)
        #expect(try BenefitsConfiguration.fromEnvironment([:]).facilities == nil)
        #expect(try BenefitsConfiguration.fromEnvironment([Self.variable: ""]).facilities == nil, "empty counts as unset")
    }

    static let unknownHospital = temporaryFile(
        #"{"facilities":[{"code":"C1","name":"A","kind":"community_health_centre","level":1,"settlingHospital":"H9"}]}"#
    )
    static let notJSON = temporaryFile("facilities: C1")

    static let bad: [(path: String, parts: [String])] = [
        ("/nonexistent/facilities.json", ["must name a readable file, got '/nonexistent/facilities.json'"]),
        (notJSON, ["'\(notJSON)' must be a facility directory", "must be JSON"]),
        (
            unknownHospital,
            [
                "'\(unknownHospital)' must be a facility directory", "facilities[0] (code 'C1')", "settlingHospital",
                "'H9' is not listed",
            ]
        ),
    ]

    @Test("a bad file stops start-up, naming the variable, the file, the entry and the rule", arguments: bad)
    func refused(_ path: String, _ parts: [String]) {
        #expect {
            try BenefitsConfiguration.fromEnvironment(ServiceEnvironment([Self.variable: path]))
        } throws: { error in
            guard let error = error as? ConfigurationError, error.variable == Self.variable else { return false }
            for part in parts { #expect(error.rule.contains(part), "\(error.rule)") }
            return true
        }
    }

    static let events = [
        TestEvents.registration(person: "FD-CHILD", id: "r1"),
        TestEvents.payment(person: "FD-CHILD", id: "p1", amountFen: 43632),
        TestEvents.facility(person: "FD-CHILD", id: "f1", code: "C1001", boundOn: "2024-10-05"),
    ]

    static func app(_ client: PostgresClient, facilities: FacilityDirectory?) -> some ApplicationProtocol {
        let router = BenefitsRouter.make(
            coverage: CoverageAPI(store: BenefitsStore(client: client), policy: CoverageAPITests.policy, facilities: facilities),
            pages: nil,
            readers: ReaderTokens(tokens: [(name: "api-test", token: "reader-token")]),
            schemaReady: { true },
            checks: [ReadinessCheck(name: "database") { true }],
            registry: MetricsBootstrap.prometheus()
        )
        return Application(router: router)
    }

    /// Query, then (payableFen, reason) without and with the sample directory.
    static let visits: [(query: String, without: (Int, String?), with: (Int, String?))] = [
        ("care=outpatient&costFen=10000&facilityCode=H101", (0, "settling_hospital_unknown"), (6_500, nil)),
        ("care=outpatient&costFen=10000&facilityCode=C1002", (0, "settling_hospital_unknown"), (7_500, nil)),
        ("care=outpatient&costFen=10000&facilityCode=H150", (0, "settling_hospital_unknown"), (0, "not_facility_in_force")),
        ("care=outpatient&costFen=10000&facilityCode=C1001", (7_500, nil), (7_500, nil)),
    ]

    @Test("the estimate pays the settling hospital and its centres only with the directory loaded")
    func estimate() async throws {
        let directory = try FacilityDirectory(json: Array(try #require(FileManager.default.contents(atPath: Self.samplePath))))
        try await TestDatabase.withFresh { client, _ in
            try await CoverageAPITests.store(Self.events, into: client)
            for loaded in [false, true] {
                try await Self.app(client, facilities: loaded ? directory : nil).test(.router) { http in
                    for visit in Self.visits {
                        let (payable, reason) = loaded ? visit.with : visit.without
                        try await http.execute(
                            uri: "/v1/persons/FD-CHILD/estimate?on=2024-11-01&\(visit.query)",
                            method: .get,
                            headers: CoverageAPITests.reader
                        ) { response in
                            #expect(response.status == .ok, "\(visit.query)")
                            let body = try CoverageAPITests.json(response.body)
                            #expect(body["payableFen"] as? Int == payable, "\(visit.query), directory \(loaded)")
                            #expect(body["reason"] as? String == reason, "\(visit.query), directory \(loaded)")
                            if reason == "settling_hospital_unknown" {
                                #expect((body["explanation"] as? String)?.contains("no facility directory is loaded") == true)
                            }
                        }
                    }
                    // A level the directory contradicts is a 400 naming facilityLevel.
                    if loaded {
                        try await http.execute(
                            uri: "/v1/persons/FD-CHILD/estimate?on=2024-11-01&care=outpatient&costFen=100&facilityCode=H101&facilityLevel=3",
                            method: .get,
                            headers: CoverageAPITests.reader
                        ) { response in
                            #expect(response.status == .badRequest)
                            let errors = try CoverageAPITests.json(response.body)["errors"] as? [[String: Any]]
                            #expect(errors?.first?["field"] as? String == "facilityLevel")
                        }
                    }
                }
            }
        }
    }
}
