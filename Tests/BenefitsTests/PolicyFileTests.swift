import Foundation
import InsuranceDomain
import ServiceSupport
import Settings
import Testing

@testable import Benefits

/// One policy file for both services: `POLICY_FILE`, loaded by `PolicyFile`.
@Suite("POLICY_FILE")
struct PolicyFileTests {
    @Test("the benefits configuration reads POLICY_FILE; unset means the bundled book")
    func benefitsReadsPolicyFile() throws {
        let (path, book) = try PolicyFiles.book(premium2024: 50000)
        #expect(try BenefitsConfiguration.fromEnvironment(["POLICY_FILE": path]).policy == book)
        #expect(book.years[2024]?.individualPremiumFen == 50000)
        #expect(try BenefitsConfiguration.fromEnvironment([:]).policy == .bundledDefaults)
    }

    @Test("the deprecated ENROLLMENT_POLICY_FILE alias is read by both services' loader, with the same answer")
    func deprecatedAlias() throws {
        let (path, book) = try PolicyFiles.book(premium2024: 50000)
        #expect(try PolicyFile.source(in: ["ENROLLMENT_POLICY_FILE": path])?.variable == "ENROLLMENT_POLICY_FILE")
        #expect(try BenefitsConfiguration.fromEnvironment(["ENROLLMENT_POLICY_FILE": path]).policy == book)
        #expect(try PolicyFile.source(in: ["POLICY_FILE": path, "ENROLLMENT_POLICY_FILE": path])?.variable == "POLICY_FILE")
    }

    static let notAPolicyBook: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-policy-\(UUID().uuidString).json").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(#"{"years":"soon"}"#.utf8))
        return path
    }()

    static let bad: [(environment: [String: String], variable: String, rule: String)] = [
        (["POLICY_FILE": "/nonexistent/policy.json"], "POLICY_FILE", "must name a readable file, got '/nonexistent/policy.json'"),
        (["ENROLLMENT_POLICY_FILE": "/nonexistent/old.json"], "ENROLLMENT_POLICY_FILE", "must name a readable file"),
        (["POLICY_FILE": notAPolicyBook], "POLICY_FILE", "must be a policy book"),
        (["POLICY_FILE": "/a.json", "ENROLLMENT_POLICY_FILE": "/b.json"], "ENROLLMENT_POLICY_FILE", "names another file"),
        (["PAYMENT_SOURCE_GROUPS": "/tax/payments"], "PAYMENT_SOURCE_GROUPS", "group 1 must name at least two sources"),
        (["PAYMENT_SOURCE_GROUPS": "/a,/b;/b,/c"], "PAYMENT_SOURCE_GROUPS", "the source '/b' is named twice"),
    ]

    @Test("PAYMENT_SOURCE_GROUPS reaches the policy book every computation of coverage uses")
    func sourceGroupsReachThePolicyBook() throws {
        let environment = ServiceEnvironment(["PAYMENT_SOURCE_GROUPS": "/tax/payments,/tax/refunds"])
        let book = try PolicyFile.load(environment: environment)
        #expect(book.sourceGroups.sameUpstream("/tax/payments", "/tax/refunds"))
        let configuration = try BenefitsConfiguration.fromEnvironment(environment)
        #expect(configuration.policy.sourceGroups == book.sourceGroups)
        #expect(try PolicyFile.load(environment: ServiceEnvironment([:])).sourceGroups == .none)
    }

    @Test("errors name the variable and the problem", arguments: bad)
    func errors(_ environment: [String: String], _ variable: String, _ rule: String) {
        #expect {
            try PolicyFile.load(environment: ServiceEnvironment(environment))
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.variable == variable && error.rule.contains(rule)
        }
        #expect(throws: ConfigurationError.self) { try BenefitsConfiguration.fromEnvironment(ServiceEnvironment(environment)) }
    }
}
