import ServiceSupport
import Settings

/// The tokens that may read from the benefits service (API and pages), compared in constant time.
public struct ReaderTokens: Sendable {
    private let table: TokenTable<BenefitsReader>
    /// Whether this is development mode's `dev-token` because nothing was configured.
    public let isDevelopmentDefault: Bool

    /// `entries`: each reader with the SHA-256 of its token.
    public init(_ entries: [(digest: [UInt8], holder: BenefitsReader)], isDevelopmentDefault: Bool = false) {
        self.table = TokenTable(entries)
        self.isDevelopmentDefault = isDevelopmentDefault
    }

    /// Readers from plain tokens (tests, tools): `[("name", "token")]`, each with the read scope.
    public init(tokens: [(name: String, token: String)]) {
        self.init(tokens.map { (digest: TokenHash.sha256($0.token), holder: BenefitsReader(name: $0.name)) })
    }

    /// The reader `token` belongs to, if any.
    public func reader(forToken token: String) -> BenefitsReader? {
        self.table.holder(forToken: token)
    }

    /// Names of the configured readers, for the start-up log.
    public var names: [String] { self.table.holders.map(\.name) }

    public var isEmpty: Bool { self.table.isEmpty }

    /// `BENEFITS_TOKENS_FILE` and `BENEFITS_TOKENS` (they add up). With neither, the service
    /// refuses to start unless development mode is asked for, and then only on loopback
    /// (`host`), accepting `dev-token`.
    public static func load(tokensFile: String?, tokens: String?, developmentMode: Bool, host: String) throws -> ReaderTokens {
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
