/// Values that came from outside (an event's `source` or `id`, an upstream error's text) made
/// safe for one log line.
///
/// Why: a raw newline or carriage return in a value would start a forged line in a plain-text
/// log, and other control characters (ANSI escapes, NUL) can rewrite what a terminal shows.
/// Every control character (C0, DEL, C1), the Unicode line and paragraph separators and the
/// backslash itself are written as escapes, so the escaped text is one line that reads back
/// unambiguously; long values are cut at `limit` characters with `…` appended.
public enum LogText {
    /// The longest value kept whole, in characters (Unicode scalars).
    public static let defaultLimit = 200

    /// `text` with control characters escaped (`\n`, `\r`, `\t`, `\\`, else `\u{1b}` style).
    public static func escaped(_ text: some StringProtocol, limit: Int = defaultLimit) -> String {
        var result = ""
        result.reserveCapacity(min(text.utf8.count, limit) + 8)
        var kept = 0
        for scalar in text.unicodeScalars {
            if kept == limit {
                result += "…"
                break
            }
            kept += 1
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\\": result += "\\\\"
            default:
                if needsEscape(scalar) {
                    result += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: return true
        default: return false
        }
    }
}
