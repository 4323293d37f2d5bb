/// Strings: the one place escapes, control characters and (when building values) UTF-8 and
/// surrogate pairs are checked.
extension JSONReader {
    /// A string, from its opening quote. Decoded (``BuildValues``) or only checked. Inlined:
    /// short member names made the call itself a third of a batch scan's time.
    @inline(__always)
    mutating func string() throws(JSONSyntaxError) -> JSONValue {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                guard Mode.buildsValues else { return .null }
                return .string(try validUTF8(UnsafeBufferPointer(rebasing: bytes[start..<index - 1]), offset: index - 1))
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw fail(.controlCharacter) }
            index += 1
        }
        // Escapes: decoded into a copy (when building), checked all the same.
        var buffer: [UInt8] = []
        if Mode.buildsValues { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index])) }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                guard Mode.buildsValues else { return .null }
                return .string(
                    try buffer.withUnsafeBufferPointer { decoded throws(JSONSyntaxError) in
                        try validUTF8(decoded, offset: index)
                    }
                )
            }
            guard byte >= 0x20 else { throw fail(.controlCharacter) }
            index += 1
            guard byte == UInt8(ascii: "\\") else {
                if Mode.buildsValues { buffer.append(byte) }
                continue
            }
            guard let escaped = peek() else { break }
            index += 1
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): if Mode.buildsValues { buffer.append(escaped) }
            case UInt8(ascii: "b"): if Mode.buildsValues { buffer.append(0x08) }
            case UInt8(ascii: "f"): if Mode.buildsValues { buffer.append(0x0C) }
            case UInt8(ascii: "n"): if Mode.buildsValues { buffer.append(0x0A) }
            case UInt8(ascii: "r"): if Mode.buildsValues { buffer.append(0x0D) }
            case UInt8(ascii: "t"): if Mode.buildsValues { buffer.append(0x09) }
            case UInt8(ascii: "u"):
                let unit = try hex4()
                if Mode.buildsValues { try appendScalar(startingWith: unit, to: &buffer) }
            default:
                throw JSONSyntaxError(.invalidEscape, position: index - 1, offset: index)
            }
        }
        throw fail(.unterminatedString)
    }

    /// The scalar of a `\u` escape (and of the low surrogate escape that must follow a high one).
    mutating func appendScalar(startingWith unit: UInt32, to buffer: inout [UInt8]) throws(JSONSyntaxError) {
        var scalar = unit
        if (0xD800...0xDBFF).contains(unit) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { throw fail(.unpairedSurrogate) }
            index += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw fail(.unpairedSurrogate) }
            scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(unit) {
            throw fail(.unpairedSurrogate)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw fail(.invalidEscape) }
        buffer.append(contentsOf: String(Character(unicode)).utf8)
    }

    /// Four hexadecimal digits. A truncated escape is reported where its digits begin.
    mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        let start = index
        var value: UInt32 = 0
        for _ in 0..<4 {
            let digit: UInt32
            switch peek() {
            case let b? where b.isJSONDigit: digit = UInt32(b - 48)
            case let b? where b >= 65 && b <= 70: digit = UInt32(b - 55)
            case let b? where b >= 97 && b <= 102: digit = UInt32(b - 87)
            default: throw fail(.invalidHexEscape, offset: start + 4 > bytes.count ? start : nil)
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    /// `String(validating:as:)` is generic and not specialised here: it looked up type metadata on
    /// every call (a quarter of decode time). Decoding repairs invalid UTF-8 instead of refusing it,
    /// so unless the text is ASCII the decoded bytes are compared with the input: equal exactly when
    /// the input was valid.
    func validUTF8(_ text: UnsafeBufferPointer<UInt8>, offset: Int) throws(JSONSyntaxError) -> String {
        var decoded = String(decoding: text, as: UTF8.self)
        if !text.contains(where: { $0 >= 0x80 }) { return decoded }  // ASCII is valid UTF-8
        guard decoded.withUTF8({ $0.elementsEqual(text) }) else { throw fail(.invalidUTF8, offset: offset) }
        return decoded
    }
}
