import Foundation
import Logging
import Settings
import Testing

@testable import Enrollment

/// A token's source prefixes: an empty or blank one is refused at start, naming the entry and
/// the rule. Read as a prefix, "" would allow every source that starts with '/', a scope
/// nobody meant to grant.
@Suite("Token source prefixes")
struct TokenSourcePrefixTests {
    static let hash = CredentialStore.sha256("school-token").map { String(format: "%02x", $0) }.joined()

    static func file(sources: String) -> Data {
        Data(#"{"tokens":[{"name":"ok","sha256":"\#(hash)","sources":["/ok"]},{"name":"school-42","sha256":"\#(hash)","sources":\#(sources)}]}"#.utf8)
    }

    @Test(
        "the token file refuses an empty or blank source prefix, naming the entry",
        arguments: [#"[""]"#, #"["/schools/42", ""]"#, #"["  "]"#, #"["\t"]"#]
    )
    func tokenFile(sources: String) {
        #expect {
            try CredentialStore.parseFile(contents: Self.file(sources: sources))
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.variable.hasPrefix("tokens[1].sources[") && error.rule.contains("'school-42'") && error.rule.contains("empty")
        }
    }

    @Test(
        "ENROLLMENT_TOKENS refuses a blank source prefix, naming the entry",
        arguments: ["school-42:t: ", "school-42:t:/schools/42| ", "school-42:t: :insurance.enrollment.registered.v1"]
    )
    func environment(entry: String) {
        #expect {
            try CredentialStore.parseEnvironment("ok:o:/ok;" + entry)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.variable == "ENROLLMENT_TOKENS entry 2" && error.rule.contains("'school-42'") && error.rule.contains("empty")
        }
    }

    @Test("prefixes with text, and *, are accepted as before")
    func accepted() throws {
        #expect(try CredentialStore.parseFile(contents: Self.file(sources: #"["/schools/42", "*"]"#)).count == 2)
        #expect(try CredentialStore.parseEnvironment("school-42:t:/schools/42|*").first?.sourcePrefixes == ["/schools/42", "*"])
    }
}
