import Foundation
import ServiceSupport
import Settings

extension ReaderTokens {
    /// Parses `name:token[:read];name2:token2` (the scope list is `|`-separated, `read` by default).
    public static func parseEnvironment(_ text: String) throws -> [(digest: [UInt8], holder: BenefitsReader)] {
        try text.split(separator: ";", omittingEmptySubsequences: true).enumerated().map { index, entry in
            let parts = entry.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            let variable = "BENEFITS_TOKENS entry \(index + 1)"
            guard parts.count >= 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ConfigurationError(variable: variable, rule: "must be name:token or name:token:read")
            }
            let scopes = parts.count == 3 ? try Self.scopes(parts[2].split(separator: "|").map(String.init), variable: variable) : [.read]
            return (digest: TokenHash.sha256(String(parts[1])), holder: BenefitsReader(name: String(parts[0]), scopes: scopes))
        }
    }

    /// Parses the JSON token file (hashes, not tokens).
    public static func parseFile(at path: String) throws -> [(digest: [UInt8], holder: BenefitsReader)] {
        try Self.parseFile(contents: TokenFileDecoding.contents(atPath: path, variable: "BENEFITS_TOKENS_FILE"))
    }

    public static func parseFile(contents: Data) throws -> [(digest: [UInt8], holder: BenefitsReader)] {
        let file = try TokenFileDecoding.decode(
            ReaderTokenFile.self,
            from: contents,
            variable: "BENEFITS_TOKENS_FILE",
            shape: #"{"tokens":[{"name":…,"sha256":…,"scopes":["read"]}]}"#
        )
        return try file.tokens.enumerated().map { index, entry in
            let digest = try TokenFileDecoding.digest(entry.sha256, index: index)
            let scopes = try Self.scopes(entry.scopes ?? ["read"], variable: "tokens[\(index)].scopes")
            return (digest: digest, holder: BenefitsReader(name: entry.name, scopes: scopes))
        }
    }

    private static func scopes(_ names: [String], variable: String) throws -> Set<ReaderScope> {
        guard !names.isEmpty else { throw ConfigurationError(variable: variable, rule: "needs at least one scope (read)") }
        return Set(
            try names.map { name in
                guard let scope = ReaderScope(rawValue: name) else {
                    throw ConfigurationError(
                        variable: variable,
                        rule: "'\(name)' is not a scope; use \(ReaderScope.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                return scope
            }
        )
    }
}
