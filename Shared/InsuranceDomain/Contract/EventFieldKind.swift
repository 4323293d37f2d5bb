/// The shape a `data` field must have; the JSON Schemas in `schemas/` say the same.
public enum EventFieldKind: Sendable, Hashable {
    /// A person or payment number: a ``ContractIdentifier``.
    case identifier
    /// A non-empty string.
    case text
    /// `YYYY-MM-DD`.
    case date
    /// RFC 3339 with an offset.
    case timestamp
    /// One of the listed strings.
    case enumeration([String])
    /// An integer within the bounds.
    case integer(minimum: Int, maximum: Int)
    case boolean

    /// The pattern of `identifier` fields, also the rule for `subject` and Kafka keys.
    public static let identifierPattern = ContractIdentifier.pattern
}
