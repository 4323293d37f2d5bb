/// One field of an event's `data`: its name, whether it must be present, and its shape.
/// The list per type (`InsuranceEventType.fields`) drives validation and is checked against
/// the published JSON Schemas by a test.
public struct EventField: Sendable, Hashable {
    public let name: String
    public let required: Bool
    public let kind: EventFieldKind
    /// The most characters (Unicode scalars) a text field may hold; `InputLimits` names them.
    public let maxLength: Int

    /// - Parameter maxLength: for `.text` fields; `InputLimits.textLength` when not given.
    public init(_ name: String, _ kind: EventFieldKind, required: Bool = true, maxLength: Int? = nil) {
        self.name = name
        self.kind = kind
        self.required = required
        switch kind {
        case .identifier: self.maxLength = InputLimits.identifierLength
        case .text: self.maxLength = maxLength ?? InputLimits.textLength
        default: self.maxLength = maxLength ?? InputLimits.attributeLength
        }
    }

    /// Checks one value (present, not null); returns the rule broken, if any.
    func problem(with value: JSONValue) -> String? {
        switch kind {
        case .identifier:
            guard let s = value.stringValue else { return "must be a string, got \(value.kindName)" }
            return ContractIdentifier.isValid(s) ? nil : ContractIdentifier.rule
        case .text:
            guard let s = value.stringValue else { return "must be a string, got \(value.kindName)" }
            return s.isEmpty ? "must not be empty" : TextRules.problem(with: s, maxLength: maxLength)
        case .date:
            guard let s = value.stringValue else { return "must be a string, got \(value.kindName)" }
            return Self.dateProblem(s)
        case .timestamp:
            guard let s = value.stringValue else { return "must be a string, got \(value.kindName)" }
            return Self.timestampProblem(s)
        case .enumeration(let allowed):
            guard let s = value.stringValue else { return "must be a string, got \(value.kindName)" }
            return allowed.contains(s) ? nil : "must be one of \(allowed.joined(separator: ", "))"
        case .integer(let minimum, let maximum):
            guard let n = value.intValue else { return "must be an integer, got \(value.kindName)" }
            if n < minimum { return maximum == Int.max ? "must be at least \(minimum)" : "must be between \(minimum) and \(maximum)" }
            if n > maximum { return "must be between \(minimum) and \(maximum)" }
            return nil
        case .boolean:
            return value.boolValue == nil ? "must be true or false, got \(value.kindName)" : nil
        }
    }

    /// The rule a `YYYY-MM-DD` date breaks, if any: it must exist and lie in the supported range.
    static func dateProblem(_ text: String) -> String? {
        guard let date = LocalDate(text) else { return "must be an existing date written YYYY-MM-DD" }
        return InputLimits.isSupported(date) ? nil : InputLimits.dateRangeRule
    }

    /// The rule an RFC 3339 timestamp breaks, if any; its date as written must lie in the
    /// supported range.
    static func timestampProblem(_ text: String) -> String? {
        // A parsed timestamp starts with its date in ASCII: the first 10 characters.
        guard Timestamp(rfc3339: text) != nil, let written = LocalDate(text.prefix(10)) else {
            return "must be an RFC 3339 timestamp with an offset, e.g. 2024-09-30T23:59:00+08:00"
        }
        return InputLimits.isSupported(written) ? nil : InputLimits.dateRangeRule
    }
}

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
