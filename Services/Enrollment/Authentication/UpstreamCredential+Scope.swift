extension UpstreamCredential {
    /// One part of an event that lies outside a credential's scope.
    public struct ScopeRefusal: Sendable, Hashable {
        /// The CloudEvents attribute a scope limits.
        public enum Attribute: String, Sendable, Hashable {
            case source
            case type
        }

        /// The attribute outside the scope.
        public let attribute: Attribute
        /// What the refusal says, naming the value, the token and what it allows.
        public let rule: String
    }

    /// What of an event with this `source` and `type` the credential does not cover (empty:
    /// both are covered). The one wording of a scope refusal, for `POST /v1/events` and the CSV
    /// import alike.
    public func refusals(source: String, type: String) -> [ScopeRefusal] {
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
