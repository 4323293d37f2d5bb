import Crypto

/// Who a presented bearer token belongs to.
///
/// The token is hashed and its SHA-256 is compared with every configured hash in constant
/// time, always all of them: neither the position of a matching entry nor how many leading
/// bytes of a guess are right shows in the time an answer takes.
public struct TokenTable<Holder: Sendable>: Sendable {
    private let entries: [(digest: [UInt8], holder: Holder)]

    /// `entries`: each holder with the SHA-256 of its token (see `TokenHash`).
    public init(_ entries: [(digest: [UInt8], holder: Holder)]) {
        self.entries = entries
    }

    /// Whether no token is configured at all.
    public var isEmpty: Bool { self.entries.isEmpty }

    /// Every holder, in configuration order (for start-up logs: names, never tokens).
    public var holders: [Holder] { self.entries.map(\.holder) }

    /// The holder of `token`, or nil for an unknown or empty token. With two entries of the
    /// same hash the first one counts.
    public func holder(forToken token: String) -> Holder? {
        guard !token.isEmpty else { return nil }
        let presented = TokenHash.sha256(token)
        var found: Holder?
        for entry in self.entries {
            let matches = ConstantTime.equal(entry.digest, presented)
            if matches && found == nil { found = entry.holder }
        }
        return found
    }
}

/// The SHA-256 of a bearer token: what the services keep and compare instead of the token.
public enum TokenHash {
    /// SHA-256 of the token's UTF-8 bytes.
    public static func sha256(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(token.utf8)))
    }

    /// The 32 bytes of a 64-character hexadecimal SHA-256 (as `sha256sum` prints it), or nil.
    public static func decodeHex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for pair in stride(from: 0, to: digits.count, by: 2) {
            guard let high = HexDigit.value(digits[pair]), let low = HexDigit.value(digits[pair + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }
}

/// Comparisons whose duration does not depend on where two secrets first differ.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes. Every byte is visited whatever the
    /// contents; only the lengths (public: digests are always 32 bytes) end it early.
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices {
            difference |= a[index] ^ b[index]
        }
        return difference == 0
    }
}
