import Crypto
import Foundation
import Logging

/// The bearer tokens upstream systems may use, looked up by the SHA-256 of the token.
public struct CredentialStore: Sendable {
    /// The documented local token used when no tokens are configured.
    public static let developmentToken = "dev-token"

    private let byHash: [[UInt8]: UpstreamCredential]

    public init(_ credentials: [UpstreamCredential]) {
        self.byHash = Dictionary(credentials.map { ($0.tokenSHA256, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The credential a bearer token stands for, if any.
    ///
    /// Lookup is by the token's hash, so the secret is never compared byte by byte.
    public func credential(forToken token: String) -> UpstreamCredential? {
        self.byHash[Self.sha256(token)]
    }

    /// The credential named by an `Authorization: Bearer <token>` header value.
    public func credential(forAuthorization header: String?) -> UpstreamCredential? {
        guard let header else { return nil }
        let scheme = "bearer "
        guard header.count > scheme.count, header.prefix(scheme.count).lowercased() == scheme else { return nil }
        let token = header.dropFirst(scheme.count).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty else { return nil }
        return self.credential(forToken: token)
    }

    public static func sha256(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(token.utf8)))
    }

    /// Loads tokens from `ENROLLMENT_TOKENS_FILE`, else `ENROLLMENT_TOKENS`, else the
    /// development token for every source with a warning. Both may be set: they add up.
    public static func load(tokensFile: String?, tokens: String?, logger: Logger) throws -> CredentialStore {
        var credentials: [UpstreamCredential] = []
        if let tokensFile {
            credentials += try Self.parseFile(at: tokensFile)
        }
        if let tokens {
            credentials += try Self.parseEnvironment(tokens)
        }
        if credentials.isEmpty {
            logger.warning(
                "no ENROLLMENT_TOKENS_FILE or ENROLLMENT_TOKENS: accepting the development token for every source; do not run like this outside a laptop",
                metadata: ["token.name": "development"]
            )
            credentials = [UpstreamCredential(name: "development", tokenSHA256: Self.sha256(Self.developmentToken), sourcePrefixes: ["*"])]
        } else {
            logger.info("loaded upstream tokens", metadata: ["tokens": "\(credentials.map(\.name))"])
        }
        return CredentialStore(credentials)
    }

    /// Parses `name:token:/prefix1|/prefix2;name2:token2:*`.
    public static func parseEnvironment(_ text: String) throws -> [UpstreamCredential] {
        try text.split(separator: ";", omittingEmptySubsequences: true).enumerated().map { index, entry in
            let parts = entry.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            let setting = "ENROLLMENT_TOKENS entry \(index + 1)"
            guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ConfigurationError(setting: setting, rule: "must be name:token:/prefix1|/prefix2")
            }
            let sources = parts[2].split(separator: "|").map(String.init)
            guard !sources.isEmpty else {
                throw ConfigurationError(setting: setting, rule: "needs at least one source prefix (or * for all)")
            }
            return UpstreamCredential(name: String(parts[0]), tokenSHA256: Self.sha256(String(parts[1])), sourcePrefixes: sources)
        }
    }

    /// Parses the JSON token file (hashes, not tokens).
    public static func parseFile(at path: String) throws -> [UpstreamCredential] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(setting: "ENROLLMENT_TOKENS_FILE", rule: "cannot read \(path)")
        }
        return try Self.parseFile(contents: data)
    }

    public static func parseFile(contents: Data) throws -> [UpstreamCredential] {
        let file: TokenFile
        do {
            file = try JSONDecoder().decode(TokenFile.self, from: contents)
        } catch {
            throw ConfigurationError(
                setting: "ENROLLMENT_TOKENS_FILE",
                rule: "must be JSON {\"tokens\":[{\"name\":…,\"sha256\":…,\"sources\":[…]}]} (\(error))"
            )
        }
        return try file.tokens.enumerated().map { index, entry in
            guard let hash = Self.decodeHex(entry.sha256), hash.count == 32 else {
                throw ConfigurationError(setting: "tokens[\(index)].sha256", rule: "must be 64 hexadecimal characters (SHA-256 of the token)")
            }
            guard !entry.sources.isEmpty else {
                throw ConfigurationError(setting: "tokens[\(index)].sources", rule: "needs at least one source prefix (or * for all)")
            }
            return UpstreamCredential(name: entry.name, tokenSHA256: hash, sourcePrefixes: entry.sources)
        }
    }

    static func decodeHex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for pair in stride(from: 0, to: digits.count, by: 2) {
            guard let high = Self.hexValue(digits[pair]), let low = Self.hexValue(digits[pair + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
