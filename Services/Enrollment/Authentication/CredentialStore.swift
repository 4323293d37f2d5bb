import Foundation
import InsuranceDomain
import Logging
import ServiceSupport
import Settings

/// The bearer tokens upstream systems may use, each with its scope (sources and types).
package struct CredentialStore: Sendable {
    /// The documented local token, accepted only in development mode with no tokens configured.
    static let developmentToken = DevelopmentMode.token

    private let table: TokenTable<UpstreamCredential>

    package init(_ credentials: [UpstreamCredential]) {
        self.table = TokenTable(credentials.map { (digest: $0.tokenSHA256, holder: $0) })
    }

    /// Every credential, in configuration order.
    var credentials: [UpstreamCredential] { self.table.holders }

    /// The credential a bearer token stands for, if any (compared in constant time).
    func credential(forToken token: String) -> UpstreamCredential? {
        self.table.holder(forToken: token)
    }

    package static func sha256(_ token: String) -> [UInt8] {
        TokenHash.sha256(token)
    }

    /// Loads tokens from `ENROLLMENT_TOKENS_FILE` and `ENROLLMENT_TOKENS` (both may be set:
    /// they add up). With neither, start-up is refused unless `developmentMode`
    /// (`INSURANCE_DEV_MODE=1`) is asked for: then `dev-token` may send anything, and only
    /// on a loopback address (`servedOn`; nil for the CSV import, which serves nothing).
    static func load(
        tokensFile: String?,
        tokens: String?,
        developmentMode: Bool,
        servedOn host: String? = nil,
        logger: Logger
    ) throws -> CredentialStore {
        let loaded = try TokenLoading.load(
            file: tokensFile,
            list: tokens,
            developmentMode: developmentMode,
            host: host,
            variables: .init(
                file: "ENROLLMENT_TOKENS_FILE",
                list: "ENROLLMENT_TOKENS",
                host: "ENROLLMENT_HOST",
                fileHolds: "token hashes with their sources and types",
                purpose: "send events"
            ),
            parseFile: Self.parseFile(at:),
            parseList: Self.parseEnvironment
        )
        if let credentials = loaded {
            logger.info("loaded upstream tokens", metadata: ["tokens": "\(credentials.map(\.name))"])
            let unscoped = credentials.filter { !$0.isTypeScoped }.map(\.name)
            if !unscoped.isEmpty {
                logger.notice("tokens without an event-type scope may send every event type", metadata: ["tokens": "\(unscoped)"])
            }
            return CredentialStore(credentials)
        }
        logger.warning(
            "\(DevelopmentMode.variable)=1 and no ENROLLMENT_TOKENS_FILE or ENROLLMENT_TOKENS: accepting the development token for every source and type; never run like this outside a developer's machine",
            metadata: ["token.name": "development"]
        )
        return CredentialStore([
            UpstreamCredential(name: "development", tokenSHA256: Self.sha256(Self.developmentToken), sourcePrefixes: ["*"], eventTypes: ["*"])
        ])
    }
}

extension CredentialStore {
    /// Parses `name:token:/prefix1|/prefix2[:type1|type2];name2:token2:*`.
    ///
    /// The fourth part, the event types, is optional (every type without it). In this form
    /// a source prefix cannot contain ':'; use the token file for such sources.
    static func parseEnvironment(_ text: String) throws -> [UpstreamCredential] {
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
            if let blank = sources.firstIndex(where: Self.isBlank) {
                throw ConfigurationError(variable: setting, rule: Self.blankSourceRule(name: String(parts[0]), position: blank))
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
    static func parseFile(at path: String) throws -> [UpstreamCredential] {
        try Self.parseFile(contents: TokenFileDecoding.contents(atPath: path, variable: "ENROLLMENT_TOKENS_FILE"))
    }

    static func parseFile(contents: Data) throws -> [UpstreamCredential] {
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
            if let blank = entry.sources.firstIndex(where: Self.isBlank) {
                throw ConfigurationError(
                    variable: "tokens[\(index)].sources[\(blank)]",
                    rule: Self.blankSourceRule(name: entry.name, position: blank)
                )
            }
            let types = entry.types ?? ["*"]
            try Self.checkTypes(types, setting: "tokens[\(index)].types")
            return UpstreamCredential(name: entry.name, tokenSHA256: hash, sourcePrefixes: entry.sources, eventTypes: types)
        }
    }

    /// Whether a source prefix is empty or only white space. Read as a prefix, "" would allow
    /// every source that starts with '/' (`UpstreamCredential.allows(source:)`): a scope
    /// nobody meant to grant, so it is refused rather than read.
    static func isBlank(_ prefix: String) -> Bool {
        prefix.allSatisfy(\.isWhitespace)
    }

    /// The rule a blank source prefix breaks, naming the token and the prefix's position (from 1).
    static func blankSourceRule(name: String, position: Int) -> String {
        "source prefix \(position + 1) of token '\(name)' is empty or blank; a source prefix must not be empty "
            + "(name the sources the token may send, or * for all)"
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

/// The JSON layout of `ENROLLMENT_TOKENS_FILE`:
/// `{"tokens":[{"name":"school-42","sha256":"<hex>","sources":["/schools/42"],"types":["insurance.enrollment.registered.v1"]}]}`.
/// `types` may be left out: the token may then send every type (the layout before types existed).
struct TokenFile: Decodable {
    struct Entry: Decodable {
        var name: String
        var sha256: String
        var sources: [String]
        var types: [String]?
    }

    var tokens: [Entry]
}
