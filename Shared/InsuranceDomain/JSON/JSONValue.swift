/// A parsed JSON value. Numbers keep their source text so integers are read exactly and
/// a boolean is never mistaken for a number (as `NSNumber` would allow).
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in source order; lookups take the last member of a name, as JavaScript does.
    case object([JSONMember])

    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.name == key })?.value
    }

    /// What the value is, in the words of JSON Schema (`string`, `integer`, `object`, ...).
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number(let text): return Int(text) != nil ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The value as an integer when it is a JSON number without fraction or exponent.
    public var intValue: Int? {
        if case .number(let text) = self { return Int(text) }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }
}

/// One `"name": value` member of a JSON object.
public struct JSONMember: Sendable, Hashable {
    public let name: String
    public let value: JSONValue

    public init(_ name: String, _ value: JSONValue) {
        self.name = name
        self.value = value
    }
}

/// A strict RFC 8259 parser over UTF-8 bytes (the grammar is ``JSONReader``'s). Bounded
/// nesting depth and no recursion past it, so hostile input ends in a `JSONSyntaxError`,
/// never a crash or a stack overflow.
public enum JSONParser {
    /// Deeper documents are refused; events nest two or three levels.
    public static let maximumDepth = 64

    /// Parses one JSON document (surrounding whitespace allowed).
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
            var reader = JSONReader<BuildValues>(buffer)
            let value = try reader.value(depth: 0)
            try reader.expectEnd()
            return value
        }
    }
}
