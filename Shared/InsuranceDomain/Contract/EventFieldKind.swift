/// The shape a `data` field must have; the JSON Schemas in `schemas/` say the same.
public enum EventFieldKind: Sendable, Hashable {
    /// A person or payment number: 1–64 characters of `[A-Za-z0-9_-]`.
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
    public static let identifierPattern = "^[A-Za-z0-9_-]{1,64}$"

    static func isIdentifier(_ s: String) -> Bool {
        let utf8 = s.utf8
        guard (1...64).contains(utf8.count) else { return false }
        for b in utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                continue
            default:
                return false
            }
        }
        return true
    }
}
