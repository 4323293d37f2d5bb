import Foundation
import InsuranceDomain

/// The part of JSON Schema 2020-12 our published schemas use: type, required, properties,
/// enum, const, pattern, minLength, minimum, maximum, format (date, date-time),
/// if/then/else and not. Enough to check samples against the files upstream teams get.
struct MiniSchemaValidator {
    let schema: JSONValue

    func errors(_ value: JSONValue) -> [String] { errors(value, schema, at: "") }

    private func errors(_ value: JSONValue, _ schema: JSONValue, at path: String) -> [String] {
        var out: [String] = []
        if let type = schema["type"]?.stringValue {
            let actual = value.kindName
            if !(actual == type || (type == "number" && actual == "integer")) { return ["\(path): type \(type), got \(actual)"] }
        }
        if let c = schema["const"], c != value { out.append("\(path): must be \(c)") }
        if case .array(let options)? = schema["enum"], !options.contains(value) { out.append("\(path): not in enum") }
        if let s = value.stringValue {
            if let min = schema["minLength"]?.intValue, s.count < min { out.append("\(path): too short") }
            if let max = schema["maxLength"]?.intValue, s.unicodeScalars.count > max { out.append("\(path): too long") }
            if let pattern = schema["pattern"]?.stringValue,
                s.range(of: pattern, options: .regularExpression) == nil
            {
                out.append("\(path): pattern \(pattern)")
            }
            switch schema["format"]?.stringValue {
            case "date"?: if LocalDate(s) == nil { out.append("\(path): format date") }
            case "date-time"?: if Timestamp(rfc3339: s) == nil { out.append("\(path): format date-time") }
            default: break
            }
        }
        if case .number(let text) = value, let n = Double(text) {
            if let min = schema["minimum"]?.intValue, n < Double(min) { out.append("\(path): below minimum") }
            if let max = schema["maximum"]?.intValue, n > Double(max) { out.append("\(path): above maximum") }
        }
        if case .object(let members) = value {
            if case .array(let required)? = schema["required"] {
                for name in required.compactMap(\.stringValue) where !members.contains(where: { $0.name == name }) {
                    out.append("\(path).\(name): required")
                }
            }
            if case .object(let properties)? = schema["properties"] {
                for p in properties { if let v = value[p.name] { out += errors(v, p.value, at: path + "." + p.name) } }
            }
        }
        if let condition = schema["if"] {
            let branch = errors(value, condition, at: path).isEmpty ? schema["then"] : schema["else"]
            if let branch { out += errors(value, branch, at: path) }
        }
        if let not = schema["not"], errors(value, not, at: path).isEmpty { out.append("\(path): matches a forbidden schema") }
        return out
    }
}
