/// Writes JSON objects with keys in a fixed order, so generated files are
/// stable and diffable.
struct JSONText {
    enum Value {
        case string(String)
        case int(Int)
        case bool(Bool)
        case object(JSONText)
    }

    private(set) var fields: [(String, Value)] = []

    mutating func add(_ key: String, _ value: String?) { if let value { fields.append((key, .string(value))) } }
    mutating func add(_ key: String, _ value: Int?) { if let value { fields.append((key, .int(value))) } }
    mutating func add(_ key: String, _ value: Bool?) { if let value { fields.append((key, .bool(value))) } }
    mutating func add(_ key: String, _ value: JSONText) { fields.append((key, .object(value))) }
    mutating func remove(_ key: String) { fields.removeAll { $0.0 == key } }
    mutating func replace(_ key: String, with value: Value) {
        if let index = fields.firstIndex(where: { $0.0 == key }) { fields[index].1 = value }
    }

    var text: String {
        var out = "{"
        for (index, (key, value)) in fields.enumerated() {
            if index > 0 { out += "," }
            out += JSONText.quoted(key) + ":"
            switch value {
            case .string(let s): out += JSONText.quoted(s)
            case .int(let i): out += String(i)
            case .bool(let b): out += b ? "true" : "false"
            case .object(let o): out += o.text
            }
        }
        return out + "}"
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
