/// One upstream system's credential: the SHA-256 of its bearer token, the CloudEvent
/// `source` values it may send and the event types it may send. The token itself is never
/// stored.
public struct UpstreamCredential: Sendable, Hashable {
    /// A label for logs (e.g. `school-42`); never the token.
    public let name: String
    /// SHA-256 of the token's UTF-8 bytes.
    public let tokenSHA256: [UInt8]
    /// Allowed `source` prefixes; `*` allows every source.
    public let sourcePrefixes: [String]
    /// Allowed event `type`s, exactly; `*` allows every type.
    public let eventTypes: [String]

    /// `eventTypes` defaults to every type: the scope of tokens configured before types could be named.
    public init(name: String, tokenSHA256: [UInt8], sourcePrefixes: [String], eventTypes: [String] = ["*"]) {
        self.name = name
        self.tokenSHA256 = tokenSHA256
        self.sourcePrefixes = sourcePrefixes
        self.eventTypes = eventTypes
    }

    /// Whether events with this `source` may be sent with this credential.
    ///
    /// A prefix matches the source itself or a path below it: `/schools/42` allows
    /// `/schools/42` and `/schools/42/enrolment` but not `/schools/420`.
    public func allows(source: String) -> Bool {
        self.sourcePrefixes.contains { prefix in
            if prefix == "*" || source == prefix { return true }
            guard source.hasPrefix(prefix) else { return false }
            if prefix.hasSuffix("/") { return true }
            let rest = source.utf8.dropFirst(prefix.utf8.count)
            return rest.first == UInt8(ascii: "/")
        }
    }

    /// Whether events of this `type` may be sent with this credential.
    public func allows(type: String) -> Bool {
        self.eventTypes.contains { $0 == "*" || $0 == type }
    }

    /// Whether the credential is limited to named event types (not `*`).
    public var isTypeScoped: Bool { !self.eventTypes.contains("*") }
}
