/// One upstream system's credential: the SHA-256 of its bearer token, the CloudEvent
/// `source` values it may send and the event types it may send. The token itself is never
/// stored.
package struct UpstreamCredential: Sendable, Hashable {
    /// A label for logs (e.g. `school-42`); never the token.
    let name: String
    /// SHA-256 of the token's UTF-8 bytes.
    let tokenSHA256: [UInt8]
    /// Allowed `source` prefixes; `*` allows every source.
    let sourcePrefixes: [String]
    /// Allowed event `type`s, exactly; `*` allows every type.
    let eventTypes: [String]

    /// `eventTypes` defaults to every type: the scope of tokens configured before types could be named.
    package init(name: String, tokenSHA256: [UInt8], sourcePrefixes: [String], eventTypes: [String] = ["*"]) {
        self.name = name
        self.tokenSHA256 = tokenSHA256
        self.sourcePrefixes = sourcePrefixes
        self.eventTypes = eventTypes
    }

    /// Whether events with this `source` may be sent with this credential.
    ///
    /// A prefix matches the source itself or a path below it: `/schools/42` allows
    /// `/schools/42` and `/schools/42/enrolment` but not `/schools/420`.
    func allows(source: String) -> Bool {
        self.sourcePrefixes.contains { prefix in
            if prefix == "*" || source == prefix { return true }
            guard source.hasPrefix(prefix) else { return false }
            if prefix.hasSuffix("/") { return true }
            let rest = source.utf8.dropFirst(prefix.utf8.count)
            return rest.first == UInt8(ascii: "/")
        }
    }

    /// Whether events of this `type` may be sent with this credential.
    func allows(type: String) -> Bool {
        self.eventTypes.contains { $0 == "*" || $0 == type }
    }

    /// Whether the credential is limited to named event types (not `*`).
    var isTypeScoped: Bool { !self.eventTypes.contains("*") }
}

extension UpstreamCredential {
    /// One part of an event that lies outside a credential's scope.
    struct ScopeRefusal: Sendable, Hashable {
        /// The CloudEvents attribute a scope limits.
        enum Attribute: String, Sendable, Hashable {
            case source
            case type
        }

        /// The attribute outside the scope.
        let attribute: Attribute
        /// What the refusal says, naming the value, the token and what it allows.
        let rule: String
    }

    /// What of an event with this `source` and `type` the credential does not cover (empty:
    /// both are covered). The one wording of a scope refusal, for `POST /v1/events` and the CSV
    /// import alike.
    func refusals(source: String, type: String) -> [ScopeRefusal] {
        let checks = [
            (attribute: ScopeRefusal.Attribute.source, value: source, what: "sources", list: sourcePrefixes, allowed: allows(source: source)),
            (attribute: ScopeRefusal.Attribute.type, value: type, what: "event types", list: eventTypes, allowed: allows(type: type)),
        ]
        return checks.filter { !$0.allowed }.map { check in
            ScopeRefusal(
                attribute: check.attribute,
                rule:
                    "\(check.attribute.rawValue) '\(check.value)' is not among the \(check.what) allowed for token '\(name)' (\(check.list.joined(separator: ", ")))"
            )
        }
    }
}
