import Foundation
import ServiceSupport
import Settings

/// The tokens that may read from the benefits service (API and pages), compared in constant time.
package struct ReaderTokens: Sendable {
    private let table: TokenTable<BenefitsReader>
    /// Whether this is development mode's `dev-token` because nothing was configured.
    package let isDevelopmentDefault: Bool

    /// `entries`: each reader with the SHA-256 of its token.
    init(_ entries: [(digest: [UInt8], holder: BenefitsReader)], isDevelopmentDefault: Bool = false) {
        self.table = TokenTable(entries)
        self.isDevelopmentDefault = isDevelopmentDefault
    }

    /// Readers from plain tokens (tests, tools): `[("name", "token")]`, each with the read scope.
    init(tokens: [(name: String, token: String)]) {
        self.init(tokens.map { (digest: TokenHash.sha256($0.token), holder: BenefitsReader(name: $0.name)) })
    }

    /// The reader `token` belongs to, if any.
    func reader(forToken token: String) -> BenefitsReader? {
        self.table.holder(forToken: token)
    }

    /// Names of the configured readers, for the start-up log.
    package var names: [String] { self.table.holders.map(\.name) }

    var isEmpty: Bool { self.table.isEmpty }

    /// `BENEFITS_TOKENS_FILE` and `BENEFITS_TOKENS` (they add up). With neither, the service
    /// refuses to start unless development mode is asked for, and then only on loopback
    /// (`host`), accepting `dev-token`.
    static func load(tokensFile: String?, tokens: String?, developmentMode: Bool, host: String) throws -> ReaderTokens {
        let entries = try TokenLoading.load(
            file: tokensFile,
            list: tokens,
            developmentMode: developmentMode,
            host: host,
            variables: .init(
                file: "BENEFITS_TOKENS_FILE",
                list: "BENEFITS_TOKENS",
                host: "BENEFITS_HOST",
                fileHolds: "token hashes",
                purpose: "read coverage"
            ),
            parseFile: Self.parseFile(at:),
            parseList: Self.parseEnvironment
        )
        guard let entries else {
            return ReaderTokens(
                [(digest: TokenHash.sha256(DevelopmentMode.token), holder: BenefitsReader(name: "development"))],
                isDevelopmentDefault: true
            )
        }
        return ReaderTokens(entries)
    }
}

extension ReaderTokens {
    /// Parses `name:token[:read];name2:token2` (the scope list is `|`-separated, `read` by default).
    static func parseEnvironment(_ text: String) throws -> [(digest: [UInt8], holder: BenefitsReader)] {
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
    static func parseFile(at path: String) throws -> [(digest: [UInt8], holder: BenefitsReader)] {
        try Self.parseFile(contents: TokenFileDecoding.contents(atPath: path, variable: "BENEFITS_TOKENS_FILE"))
    }

    static func parseFile(contents: Data) throws -> [(digest: [UInt8], holder: BenefitsReader)] {
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

/// The JSON layout of `BENEFITS_TOKENS_FILE`:
/// `{"tokens":[{"name":"call-centre","sha256":"<hex SHA-256 of the token>","scopes":["read"]}]}`;
/// `scopes` may be left out (`["read"]`).
struct ReaderTokenFile: Decodable {
    struct Entry: Decodable {
        var name: String
        var sha256: String
        var scopes: [String]?
    }

    var tokens: [Entry]
}

/// Who is asking the benefits service: the name of the token's holder (for logs, never the
/// token) and what the token allows.
struct BenefitsReader: Sendable, Hashable {
    let name: String
    let scopes: Set<ReaderScope>

    init(name: String, scopes: Set<ReaderScope> = [.read]) {
        self.name = name
        self.scopes = scopes
    }

    var mayRead: Bool { self.scopes.contains(.read) }
}

/// What a benefits token may do. Today every route of the service only reads; a scope is
/// named anyway so that a later writing operation cannot be reached with a reader's token.
enum ReaderScope: String, Sendable, Hashable, CaseIterable {
    /// `GET /v1/...` and the HTML pages.
    case read
}
