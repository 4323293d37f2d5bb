import InsuranceDomain

/// A structured CloudEvent turned into the HTTP binding's binary mode (CloudEvents HTTP
/// Protocol Binding 1.0, section 3.1): every context attribute in a `ce-` header, except
/// `datacontenttype`, which becomes `Content-Type`; the body is the event's data alone.
struct BinaryModeMessage: Sendable, Equatable {
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    static func == (lhs: BinaryModeMessage, rhs: BinaryModeMessage) -> Bool {
        lhs.body == rhs.body && lhs.headers.map { "\($0.name): \($0.value)" } == rhs.headers.map { "\($0.name): \($0.value)" }
    }

    init(structured json: String) throws(BinaryModeError) {
        let envelope: JSONValue
        do { envelope = try JSONParser.parse(Array(json.utf8)) } catch { throw BinaryModeError(reason: "\(error)") }
        guard case .object(let members) = envelope else { throw BinaryModeError(reason: "the event is not a JSON object") }
        var headers: [(name: String, value: String)] = []
        var body: [UInt8] = []
        var contentType: String?
        for member in members {
            switch member.name {
            case "data":
                body = JSONWriter.bytes(member.value)
            case "data_base64":
                throw BinaryModeError(reason: "data_base64 is not sent by the smoke suite")
            case "datacontenttype":
                contentType = member.value.stringValue
            default:
                guard let value = Self.attributeText(member.value) else { continue }
                headers.append((name: "ce-" + member.name.lowercased(), value: Self.percentEncoded(value)))
            }
        }
        // Data in JSON with no declared type is JSON (the format's default).
        headers.append((name: "Content-Type", value: contentType ?? "application/json"))
        self.headers = headers
        self.body = body
    }

    /// The attribute's canonical string: strings as they are, integers and booleans as JSON writes them.
    private static func attributeText(_ value: JSONValue) -> String? {
        switch value {
        case .null: return nil
        case .string(let text): return text
        case .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .array, .object: return String(decoding: JSONWriter.bytes(value), as: UTF8.self)
        }
    }

    /// Section 3.1.3.2: space, double quote, percent and every byte outside printable
    /// ASCII (U+0021–U+007E) are percent-encoded, multi-byte characters byte by byte in UTF-8.
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if byte > 0x20, byte < 0x7F, byte != 0x22, byte != 0x25 {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%\(hexDigits[Int(byte >> 4)])\(hexDigits[Int(byte & 0x0F)])"
            }
        }
        return out
    }
}

private let hexDigits = Array("0123456789ABCDEF")
