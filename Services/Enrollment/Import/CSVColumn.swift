import InsuranceDomain

/// One column of an import layout: its header name, the JSON type of its `data` field,
/// and whether the header must be present.
public struct CSVColumn: Sendable, Hashable {
    public enum ValueType: Sendable, Hashable {
        case string, integer, boolean
    }

    public let name: String
    public let type: ValueType
    public let required: Bool

    public init(_ name: String, _ type: ValueType = .string, required: Bool = true) {
        self.name = name
        self.type = type
        self.required = required
    }

    /// The JSON value of a cell; a cell that is not of the column's type stays a string,
    /// so that the domain's validation names the field and the rule like for any event.
    func jsonValue(_ cell: String) -> JSONValue {
        switch self.type {
        case .string:
            return .string(cell)
        case .integer:
            return Int(cell).map { .number(String($0)) } ?? .string(cell)
        case .boolean:
            switch cell.lowercased() {
            case "true", "yes", "1": return .bool(true)
            case "false", "no", "0": return .bool(false)
            default: return .string(cell)
            }
        }
    }
}
