import Foundation
import InsuranceDomain
import ServiceSupport
import Settings

extension CredentialStore {
    /// Parses `name:token:/prefix1|/prefix2[:type1|type2];name2:token2:*`.
    ///
    /// The fourth part, the event types, is optional (every type without it). In this form
    /// a source prefix cannot contain ':'; use the token file for such sources.
    public static func parseEnvironment(_ text: String) throws -> [UpstreamCredential] {
        try text.split(separator: ";", omittingEmptySubsequences: true).enumerated().map { index, entry in
            let parts = entry.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
            let setting = "ENROLLMENT_TOKENS entry \(index + 1)"
            guard parts.count >= 3, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ConfigurationError(variable: setting, rule: "must be name:token:/prefix1|/prefix2[:type1|type2]")
            }
            let sources = parts[2].split(separator: "|").map(String.init)
            guard !sources.isEmpty else {
                throw ConfigurationError(variable: setting, rule: "needs at least one source prefix (or * for all)")
            }
            var types = ["*"]
            if parts.count == 4 {
                types = parts[3].split(separator: "|").map(String.init)
                try Self.checkTypes(types, setting: setting)
            }
            return UpstreamCredential(
                name: String(parts[0]),
                tokenSHA256: Self.sha256(String(parts[1])),
                sourcePrefixes: sources,
                eventTypes: types
            )
        }
    }

    /// Parses the JSON token file (hashes, not tokens).
    public static func parseFile(at path: String) throws -> [UpstreamCredential] {
        try Self.parseFile(contents: TokenFileDecoding.contents(atPath: path, variable: "ENROLLMENT_TOKENS_FILE"))
    }

    public static func parseFile(contents: Data) throws -> [UpstreamCredential] {
        let file = try TokenFileDecoding.decode(
            TokenFile.self,
            from: contents,
            variable: "ENROLLMENT_TOKENS_FILE",
            shape: #"{"tokens":[{"name":…,"sha256":…,"sources":[…],"types":[…]}]}"#
        )
        return try file.tokens.enumerated().map { index, entry in
            let hash = try TokenFileDecoding.digest(entry.sha256, index: index)
            guard !entry.sources.isEmpty else {
                throw ConfigurationError(variable: "tokens[\(index)].sources", rule: "needs at least one source prefix (or * for all)")
            }
            let types = entry.types ?? ["*"]
            try Self.checkTypes(types, setting: "tokens[\(index)].types")
            return UpstreamCredential(name: entry.name, tokenSHA256: hash, sourcePrefixes: entry.sources, eventTypes: types)
        }
    }

    /// A type scope names at least one type, each a type of the contract or `*`: a typo
    /// would otherwise leave a token silently unable to send what it was issued for.
    static func checkTypes(_ types: [String], setting: String) throws {
        guard !types.isEmpty else {
            throw ConfigurationError(variable: setting, rule: "needs at least one event type (or * for all)")
        }
        for type in types where type != "*" && InsuranceEventType(rawValue: type) == nil {
            throw ConfigurationError(
                variable: setting,
                rule: "'\(type)' is not an event type; use one of \(InsuranceEventType.allCases.map(\.rawValue).joined(separator: ", ")) or *"
            )
        }
    }
}
