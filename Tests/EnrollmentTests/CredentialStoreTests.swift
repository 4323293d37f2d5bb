import Foundation
import Logging
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

    @Test("ENROLLMENT_TOKENS entries map tokens to prefixes")
    func environmentFormat() throws {
        let store = CredentialStore(try CredentialStore.parseEnvironment("school-42:s3cret:/schools/42;tax:t:k:n:/tax|/tax2"))
        #expect(store.credential(forAuthorization: "Bearer s3cret")?.name == "school-42")
        #expect(store.credential(forAuthorization: "bearer s3cret")?.sourcePrefixes == ["/schools/42"])
        // The token is everything between the first two colons; the rest is the prefix list.
        #expect(store.credential(forToken: "t")?.sourcePrefixes == ["k:n:/tax", "/tax2"])
        #expect(store.credential(forAuthorization: "Bearer wrong") == nil)
        #expect(store.credential(forAuthorization: "Basic s3cret") == nil)
        #expect(store.credential(forAuthorization: nil) == nil)
    }

    @Test("a malformed ENROLLMENT_TOKENS entry names the entry")
    func environmentErrors() {
        #expect(throws: ConfigurationError(setting: "ENROLLMENT_TOKENS entry 2", rule: "must be name:token:/prefix1|/prefix2")) {
            try CredentialStore.parseEnvironment("a:b:/c;broken")
        }
    }

    @Test("the token file holds hashes, not tokens")
    func tokenFile() throws {
        let hash = CredentialStore.sha256("school-token").map { String(format: "%02x", $0) }.joined()
        let json = #"{"tokens":[{"name":"school-42","sha256":"\#(hash)","sources":["/schools/42"]}]}"#
        let store = CredentialStore(try CredentialStore.parseFile(contents: Data(json.utf8)))
        #expect(store.credential(forToken: "school-token")?.name == "school-42")
        #expect(store.credential(forToken: hash) == nil)
    }

    @Test("a bad hash in the token file names its field")
    func tokenFileErrors() {
        let json = #"{"tokens":[{"name":"x","sha256":"abc","sources":["/x"]}]}"#
        #expect(throws: ConfigurationError(setting: "tokens[0].sha256", rule: "must be 64 hexadecimal characters (SHA-256 of the token)")) {
            try CredentialStore.parseFile(contents: Data(json.utf8))
        }
    }

    @Test("without configuration the documented development token is accepted for every source")
    func developmentDefault() throws {
        let store = try CredentialStore.load(tokensFile: nil, tokens: nil, logger: Logger(label: "test"))
        let credential = try #require(store.credential(forAuthorization: "Bearer dev-token"))
        #expect(credential.allows(source: "/schools/1"))
    }

    @Test("SHA-256 matches a known vector")
    func sha256Vector() {
        let hex = CredentialStore.sha256("abc").map { String(format: "%02x", $0) }.joined()
        #expect(hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
