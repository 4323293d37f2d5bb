/// A minimal JSON object writer for the events the file intake builds (string, integer
/// and boolean members), in the order they are added. Foundation's JSONSerialization
/// spent most of an import's time bridging and sorting keys; this does only what is needed.
struct JSONText {
    private(set) var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var empty = true

    enum Value {
        case string(String)
        case integer(Int)
        case boolean(Bool)
        case raw([UInt8])
    }

    mutating func member(_ name: String, _ value: Value) {
        if !self.empty { self.bytes.append(UInt8(ascii: ",")) }
        self.empty = false
        Self.appendString(name, to: &self.bytes)
        self.bytes.append(UInt8(ascii: ":"))
        switch value {
        case .string(let text): Self.appendString(text, to: &self.bytes)
        case .integer(let number): self.bytes.append(contentsOf: String(number).utf8)
        case .boolean(let flag): self.bytes.append(contentsOf: (flag ? "true" : "false").utf8)
        case .raw(let json): self.bytes.append(contentsOf: json)
        }
    }

    /// The finished object.
    consuming func finish() -> [UInt8] {
        self.bytes.append(UInt8(ascii: "}"))
        return self.bytes
    }

    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
