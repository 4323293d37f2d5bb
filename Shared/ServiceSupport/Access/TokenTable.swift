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
