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
