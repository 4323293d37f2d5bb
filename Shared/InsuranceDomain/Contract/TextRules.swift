/// The rules every string of an event keeps: no control characters, and a length limit.
///
/// Control characters are refused everywhere: C0 (U+0000–U+001F, tab and line breaks
/// included), DEL (U+007F), C1 (U+0080–U+009F), the line and paragraph separators
/// (U+2028, U+2029: line breaks to JavaScript and many log viewers) and the bidirectional
/// embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069: they reorder
/// the text around them on screen). A NUL also cannot be stored by PostgreSQL at all.
public enum TextRules {
    /// The first forbidden scalar of `text` and its position (1-based, in scalars), if any.
    public static func firstControlCharacter(in text: some StringProtocol) -> (scalar: Unicode.Scalar, position: Int)? {
        // Most text is ASCII: a byte scan says "none" without decoding scalars. Any byte of
        // 0x80 or more (or no contiguous UTF-8) takes the scalar walk below, which decides.
        let asciiClean = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        }
        if asciiClean == true { return nil }
        var position = 0
        for scalar in text.unicodeScalars {
            position += 1
            if isControl(scalar) { return (scalar, position) }
        }
        return nil
    }

    /// Whether `scalar` is one of the refused characters.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// The rule `text` breaks, if any: a control character, or more than `maxLength` scalars.
    /// The rule names the code point and position, never the text (it may be a citizen ID).
    public static func problem(with text: some StringProtocol, maxLength: Int) -> String? {
        if let found = firstControlCharacter(in: text) {
            return "must not contain control characters (\(codePoint(found.scalar)) at character \(found.position))"
        }
        // Within the limit in bytes is within it in scalars (a scalar is 1–4 bytes): the usual
        // field is decided without decoding. Only a longer one is counted scalar by scalar.
        if text.utf8.count <= maxLength { return nil }
        let length = text.unicodeScalars.count
        if length > maxLength { return "must be at most \(maxLength) characters, has \(length)" }
        return nil
    }

    /// `U+0000` style.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
