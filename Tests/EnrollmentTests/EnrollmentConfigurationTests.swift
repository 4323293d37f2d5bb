import Foundation
import Logging
import Settings
import Testing

@testable import Enrollment

@Suite("Configuration from the environment")
struct EnrollmentConfigurationTests {
    @Test("defaults match the documented local values")
    func defaults() throws {
        let configuration = try EnrollmentConfiguration.fromEnvironment([:])
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.maxBodyBytes == 5 * 1024 * 1024)
        #expect(configuration.maxBatch == 1000)
        #expect(configuration.kafkaBootstrapServers == StackDefaults.kafkaBootstrapServers)
        #expect(
            configuration.topics
                == TopicNames(
                    enrollments: "insurance.enrollments.v1",
                    contributions: "insurance.contributions.v1",
                    bindings: "insurance.bindings.v1"
                )
        )
        #expect(configuration.tokens == nil && configuration.tokensFile == nil)
        #expect(!configuration.developmentMode)
    }

    @Test("INSURANCE_DEV_MODE is read as a switch; a malformed value names the variable")
    func developmentMode() throws {
        #expect(try EnrollmentConfiguration.fromEnvironment(["INSURANCE_DEV_MODE": "1"]).developmentMode)
        #expect(try !EnrollmentConfiguration.fromEnvironment(["INSURANCE_DEV_MODE": "0"]).developmentMode)
        #expect(throws: ConfigurationError(variable: "INSURANCE_DEV_MODE", rule: "must be true or false, got 'maybe'")) {
            try EnrollmentConfiguration.fromEnvironment(["INSURANCE_DEV_MODE": "maybe"])
        }
    }

    @Test("variables override the defaults; empty ones do not")
    func overrides() throws {
        let configuration = try EnrollmentConfiguration.fromEnvironment([
            "ENROLLMENT_PORT": "9090", "ENROLLMENT_MAX_BATCH": "50", "ENROLLMENT_PUBLISH_TIMEOUT_MS": "1500",
            "KAFKA_TOPIC_BINDINGS": "custom.bindings", "ENROLLMENT_HOST": "",
        ])
        #expect(configuration.port == 9090)
        #expect(configuration.maxBatch == 50)
        #expect(configuration.publishTimeout == .milliseconds(1500))
        #expect(configuration.topics.bindings == "custom.bindings")
        #expect(configuration.host == "127.0.0.1")
    }

    static let badValues: [(String, String, String)] = [
        ("ENROLLMENT_PORT", "http", "must be a whole number >= 0, got 'http'"),
        ("ENROLLMENT_MAX_BODY_BYTES", "0", "must be a whole number >= 1, got '0'"),
        ("ENROLLMENT_MAX_BATCH", "-1", "must be a whole number >= 1, got '-1'"),
        ("ENROLLMENT_MAX_EVENT_BYTES", "big", "must be a whole number >= 1, got 'big'"),
        ("ENROLLMENT_RETRY_AFTER_SECONDS", "soon", "must be a whole number >= 1, got 'soon'"),
        ("ENROLLMENT_PUBLISH_TIMEOUT_MS", "0", "must be a whole number >= 1, got '0'"),
    ]

    @Test("a malformed number names the variable and the rule", arguments: badValues)
    func badNumber(_ name: String, _ value: String, _ rule: String) {
        #expect(throws: ConfigurationError(variable: name, rule: rule)) {
            try EnrollmentConfiguration.fromEnvironment(ServiceEnvironment([name: value]))
        }
    }

    @Test("the policy file is POLICY_FILE, the variable the benefits service reads; ENROLLMENT_POLICY_FILE is a deprecated alias")
    func policyFile() throws {
        #expect(try EnrollmentConfiguration.fromEnvironment(["POLICY_FILE": "/p.json"]).policyFile == "/p.json")
        #expect(try EnrollmentConfiguration.fromEnvironment(["POLICY_FILE": "/p.json"]).policyFileVariable == "POLICY_FILE")
        let old = try EnrollmentConfiguration.fromEnvironment(["ENROLLMENT_POLICY_FILE": "/old.json"])
        #expect(old.policyFile == "/old.json" && old.policyFileVariable == "ENROLLMENT_POLICY_FILE")
        #expect(try EnrollmentConfiguration.fromEnvironment([:]).policyFile == nil)
        #expect {
            try EnrollmentConfiguration.fromEnvironment(["POLICY_FILE": "/p.json", "ENROLLMENT_POLICY_FILE": "/old.json"])
        } throws: { error in
            "\(error)".hasPrefix("ENROLLMENT_POLICY_FILE: is a deprecated alias of POLICY_FILE and names another file")
        }
    }

    @Test("the enrollment service loads the same book as the benefits service from POLICY_FILE")
    func policyBookLoaded() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID().uuidString).json").path
        try
            #"{"years":[{"policyYear":2024,"windowOpensOn":"2024-09-01","windowClosesOn":"2024-09-30","individualPremiumFen":50000,"subsidyFen":87264,"assumed":false}]}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let configuration = try EnrollmentConfiguration.fromEnvironment(["POLICY_FILE": path])
        let book = try EnrollmentService.loadPolicy(configuration, logger: Logger(label: "test"))
        #expect(book.years[2024]?.individualPremiumFen == 50000)
        #expect {
            try EnrollmentService.loadPolicy(
                EnrollmentConfiguration.fromEnvironment(["POLICY_FILE": "/nonexistent.json"]),
                logger: Logger(label: "test")
            )
        } throws: { error in
            "\(error)" == "POLICY_FILE: must name a readable file, got '/nonexistent.json'"
        }
    }
}
