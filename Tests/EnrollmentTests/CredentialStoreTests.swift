import Foundation
import Logging
import Settings
import Testing

@testable import Enrollment

@Suite("Upstream tokens and their sources")
struct CredentialStoreTests {
    static let prefixRules: [([String], String, Bool)] = [
        (["/schools/42"], "/schools/42", true),
        (["/schools/42"], "/schools/42/enrolment", true),
        (["/schools/42"], "/schools/420", false),
        (["/schools/42"], "/schools/4", false),
        (["/schools/"], "/schools/7", true),
        (["/schools/42", "/schools/43"], "/schools/43", true),
        (["*"], "urn:anything", true),
        (["/tax-bureau"], "/schools/42", false),
    ]

    @Test("a prefix allows the source itself and paths below it", arguments: prefixRules)
    func prefixes(_ prefixes: [String], _ source: String, _ allowed: Bool) {
        let credential = UpstreamCredential(name: "t", tokenSHA256: [], sourcePrefixes: prefixes)
        #expect(credential.allows(source: source) == allowed)
    }

    @Test("ENROLLMENT_TOKENS entries map tokens to prefixes and, optionally, types")
    func environmentFormat() throws {
        let store = CredentialStore(
            try CredentialStore.parseEnvironment(
                "school-42:s3cret:/schools/42:insurance.enrollment.registered.v1|insurance.enrollment.stopped.v1;tax:t:/tax|/tax2"
            )
        )
        let school = try #require(store.credential(forToken: "s3cret"))
        #expect(school.name == "school-42")
        #expect(school.sourcePrefixes == ["/schools/42"])
        #expect(school.eventTypes == ["insurance.enrollment.registered.v1", "insurance.enrollment.stopped.v1"])
        // Without a fourth part the entry reads as before types existed: every type.
        #expect(store.credential(forToken: "t")?.sourcePrefixes == ["/tax", "/tax2"])
        #expect(store.credential(forToken: "t")?.eventTypes == ["*"])
        #expect(store.credential(forToken: "wrong") == nil)
        #expect(store.credential(forToken: "") == nil)
        #expect(store.credential(forToken: "s3cre") == nil)
        #expect(store.credential(forToken: "s3cret ") == nil)
    }

    static let typeRules: [([String], String, Bool)] = [
        (["insurance.enrollment.registered.v1"], "insurance.enrollment.registered.v1", true),
        (["insurance.enrollment.registered.v1"], "insurance.contribution.reversed.v1", false),
        (["insurance.contribution.paid.v1", "insurance.contribution.reversed.v1"], "insurance.contribution.reversed.v1", true),
        (["*"], "insurance.binding.facility.v1", true),
    ]

    @Test("a type scope allows exactly the listed types, or every type with *", arguments: typeRules)
    func types(_ types: [String], _ type: String, _ allowed: Bool) {
        let credential = UpstreamCredential(name: "t", tokenSHA256: [], sourcePrefixes: ["*"], eventTypes: types)
        #expect(credential.allows(type: type) == allowed)
    }

    @Test("an unknown event type in a token's scope is a configuration error naming the entry")
    func unknownType() {
        #expect {
            try CredentialStore.parseEnvironment("a:b:/c:insurance.contribution.paid.v1|insurance.payment.v9")
        } throws: { error in
            (error as? ConfigurationError)?.variable == "ENROLLMENT_TOKENS entry 1"
                && (error as? ConfigurationError)?.rule.contains("'insurance.payment.v9' is not an event type") == true
        }
        #expect(throws: ConfigurationError.self) { try CredentialStore.parseEnvironment("a:b:/c:") }
    }

    @Test("a malformed ENROLLMENT_TOKENS entry names the entry")
    func environmentErrors() {
        #expect(throws: ConfigurationError(variable: "ENROLLMENT_TOKENS entry 2", rule: "must be name:token:/prefix1|/prefix2[:type1|type2]")) {
            try CredentialStore.parseEnvironment("a:b:/c;broken")
        }
    }

    @Test("the token file holds hashes, not tokens; types are optional")
    func tokenFile() throws {
        let hash = CredentialStore.sha256("school-token").map { String(format: "%02x", $0) }.joined()
        let other = CredentialStore.sha256("tax-token").map { String(format: "%02x", $0) }.joined()
        let json =
            #"{"tokens":[{"name":"school-42","sha256":"\#(hash)","sources":["/schools/42"],"types":["insurance.enrollment.registered.v1"]},{"name":"tax","sha256":"\#(other.uppercased())","sources":["/tax-bureau"]}]}"#
        let store = CredentialStore(try CredentialStore.parseFile(contents: Data(json.utf8)))
        #expect(store.credential(forToken: "school-token")?.name == "school-42")
        #expect(store.credential(forToken: "school-token")?.eventTypes == ["insurance.enrollment.registered.v1"])
        #expect(store.credential(forToken: "tax-token")?.eventTypes == ["*"])
        #expect(store.credential(forToken: hash) == nil)
    }

    @Test("a bad hash in the token file names its field")
    func tokenFileErrors() {
        let json = #"{"tokens":[{"name":"x","sha256":"abc","sources":["/x"]}]}"#
        #expect(throws: ConfigurationError(variable: "tokens[0].sha256", rule: "must be 64 hexadecimal characters (SHA-256 of the token)")) {
            try CredentialStore.parseFile(contents: Data(json.utf8))
        }
    }

    @Test("without tokens and without development mode the service refuses to start, naming the variables")
    func refusesWithoutTokens() {
        #expect {
            try CredentialStore.load(tokensFile: nil, tokens: nil, developmentMode: false, servedOn: "127.0.0.1", logger: Logger(label: "test"))
        } throws: { error in
            let text = "\(error)"
            return text.contains("ENROLLMENT_TOKENS_FILE") && text.contains("ENROLLMENT_TOKENS") && text.contains("INSURANCE_DEV_MODE")
        }
    }

    @Test("the service refuses to start from its environment alone when nothing is configured")
    func configurationWithoutTokens() throws {
        let configuration = try EnrollmentConfiguration.fromEnvironment([:])
        #expect(throws: ConfigurationError.self) {
            try EnrollmentService.loadCredentials(configuration, servedOn: configuration.host, logger: Logger(label: "test"))
        }
    }

    @Test("development mode with no tokens accepts dev-token for every source and type, on loopback only")
    func developmentMode() throws {
        let configuration = try EnrollmentConfiguration.fromEnvironment(["INSURANCE_DEV_MODE": "1"])
        let store = try EnrollmentService.loadCredentials(configuration, servedOn: "127.0.0.1", logger: Logger(label: "test"))
        let credential = try #require(store.credential(forToken: "dev-token"))
        #expect(credential.allows(source: "/schools/1") && credential.allows(type: "insurance.contribution.reversed.v1"))
        #expect(throws: ConfigurationError.self) {
            try EnrollmentService.loadCredentials(configuration, servedOn: "0.0.0.0", logger: Logger(label: "test"))
        }
    }

    @Test("development mode with tokens configured does not add dev-token")
    func developmentModeWithTokens() throws {
        let configuration = try EnrollmentConfiguration.fromEnvironment(["INSURANCE_DEV_MODE": "1", "ENROLLMENT_TOKENS": "a:alpha:*"])
        let store = try EnrollmentService.loadCredentials(configuration, servedOn: "0.0.0.0", logger: Logger(label: "test"))
        #expect(store.credential(forToken: "dev-token") == nil)
        #expect(store.credential(forToken: "alpha")?.name == "a")
    }

    @Test("SHA-256 matches a known vector")
    func sha256Vector() {
        let hex = CredentialStore.sha256("abc").map { String(format: "%02x", $0) }.joined()
        #expect(hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
