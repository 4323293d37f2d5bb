import InsuranceDomain

/// Escaping for text placed in HTML element content and quoted attribute values (every
/// template value goes through it: `PageContentType`), and the pages' number formats.
enum HTML {
    /// Escapes `& < > " '` so that any text (reasons, ids from events) stays text.
    static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            // Stored before the door refused them: shown as a replacement character, since
            // HTML has no way to write most control characters at all.
            case _ where TextRules.isControl(character): out += "\u{FFFD}"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// A number with thousands separators (12,345).
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// Fen as CNY with two decimals: 43632 → "¥436.32".
    static func yuan(fen: Int) -> String {
        let sign = fen < 0 ? "-" : ""
        let cents = fen.magnitude % 100
        return "\(sign)¥\(count(Int(fen.magnitude / 100)))." + (cents < 10 ? "0" : "") + String(cents)
    }

    /// A coordinate with one decimal, so SVG stays short.
    static func px(_ value: Double) -> String {
        // Never trap on a coordinate: not a number counts as 0, and far beyond the chart is clamped.
        let bounded = value.isNaN ? 0 : min(max(value, -1_000_000), 1_000_000)
        let tenths = (bounded * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }
}
