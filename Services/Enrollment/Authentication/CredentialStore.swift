import Foundation
import Logging
import ServiceSupport
import Settings

/// The bearer tokens upstream systems may use, each with its scope (sources and types).
public struct CredentialStore: Sendable {
    /// The documented local token, accepted only in development mode with no tokens configured.
    public static let developmentToken = DevelopmentMode.token

    private let table: TokenTable<UpstreamCredential>

    public init(_ credentials: [UpstreamCredential]) {
        self.table = TokenTable(credentials.map { (digest: $0.tokenSHA256, holder: $0) })
    }

    /// Every credential, in configuration order.
    public var credentials: [UpstreamCredential] { self.table.holders }

    /// The credential a bearer token stands for, if any (compared in constant time).
    public func credential(forToken token: String) -> UpstreamCredential? {
        self.table.holder(forToken: token)
    }

    public static func sha256(_ token: String) -> [UInt8] {
        TokenHash.sha256(token)
    }

    /// Loads tokens from `ENROLLMENT_TOKENS_FILE` and `ENROLLMENT_TOKENS` (both may be set:
    /// they add up). With neither, start-up is refused unless `developmentMode`
    /// (`INSURANCE_DEV_MODE=1`) is asked for: then `dev-token` may send anything, and only
    /// on a loopback address (`servedOn`; nil for the CSV import, which serves nothing).
    public static func load(
        tokensFile: String?,
        tokens: String?,
        developmentMode: Bool,
        servedOn host: String? = nil,
        logger: Logger
    ) throws -> CredentialStore {
        var credentials: [UpstreamCredential] = []
        if let tokensFile {
            credentials += try Self.parseFile(at: tokensFile)
        }
        if let tokens {
            credentials += try Self.parseEnvironment(tokens)
        }
        guard credentials.isEmpty else {
            logger.info("loaded upstream tokens", metadata: ["tokens": "\(credentials.map(\.name))"])
            let unscoped = credentials.filter { !$0.isTypeScoped }.map(\.name)
            if !unscoped.isEmpty {
                logger.notice("tokens without an event-type scope may send every event type", metadata: ["tokens": "\(unscoped)"])
            }
            return CredentialStore(credentials)
        }
        guard developmentMode else {
            throw ConfigurationError(
                variable: "ENROLLMENT_TOKENS_FILE / ENROLLMENT_TOKENS",
                rule:
                    "no token is configured, so nobody could send events: set ENROLLMENT_TOKENS_FILE (token hashes with their sources and types) or ENROLLMENT_TOKENS, or \(DevelopmentMode.variable)=1 on a developer's machine only to accept '\(Self.developmentToken)' (see docs/security.md)"
            )
        }
        if let host, !DevelopmentMode.isLoopback(host) {
            throw ConfigurationError(
                variable: DevelopmentMode.variable,
                rule:
                    "the development token may only be served on a loopback address, but ENROLLMENT_HOST is '\(host)'; configure ENROLLMENT_TOKENS_FILE or ENROLLMENT_TOKENS instead"
            )
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
