/// An instant read from an RFC 3339 timestamp with an explicit offset
/// (`2024-09-30T23:59:00+08:00`, `2024-09-30T15:59:00Z`).
///
/// Kept as milliseconds since the Unix epoch, which orders instants exactly regardless of the
/// offset they were written in; calendar rules ask for the day in China Standard Time.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let millisecondsSinceEpoch: Int64

    /// China Standard Time, UTC+8, the zone of every calendar rule (docs/contract.md).
    public static let chinaOffsetSeconds: Int64 = 8 * 3600

    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// Parses RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
    /// `t`/`z` in lower case and a space instead of `T` are accepted, as RFC 3339 allows.
    public init?(rfc3339 text: some StringProtocol) {
        let b = Array(text.utf8)
        guard b.count >= 20, let date = LocalDate(String(decoding: b[0..<10], as: UTF8.self)) else { return nil }
        let sep = b[10]
        guard sep == UInt8(ascii: "T") || sep == UInt8(ascii: "t") || sep == UInt8(ascii: " "),
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            let hour = LocalDate.digits(b, 11, 2), let minute = LocalDate.digits(b, 14, 2),
            let second = LocalDate.digits(b, 17, 2),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var i = 19
        var millis = 0
        if b[i] == UInt8(ascii: ".") {
            i += 1
            var digitCount = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if digitCount < 3 { millis = millis * 10 + Int(b[i] - 48) }
                digitCount += 1
                i += 1
            }
            guard digitCount > 0 else { return nil }
            for _ in digitCount..<max(digitCount, 3) { millis *= 10 }
        }
        guard i < b.count else { return nil }
        var offsetSeconds = 0
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard i + 1 == b.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard i + 6 == b.count, b[i + 3] == UInt8(ascii: ":"),
                let oh = LocalDate.digits(b, i + 1, 2), let om = LocalDate.digits(b, i + 4, 2),
                oh < 24, om < 60
            else { return nil }
            offsetSeconds = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        // A leap second is read as the last second of its minute.
        let seconds =
            Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59))
            - Int64(offsetSeconds)
        self.millisecondsSinceEpoch = seconds * 1000 + Int64(millis)
    }

    /// The calendar day of this instant in China Standard Time.
    public var chinaDate: LocalDate {
        let local = millisecondsSinceEpoch / 1000 + Timestamp.chinaOffsetSeconds
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return LocalDate(daysSinceEpoch: Int(days))
    }

    /// RFC 3339 in UTC with milliseconds.
    public var description: String {
        // Floor division written so that no instant, Int64.min included, overflows.
        let seconds = millisecondsSinceEpoch >= 0 ? millisecondsSinceEpoch / 1000 : -((-(millisecondsSinceEpoch + 1)) / 1000) - 1
        let remainder = millisecondsSinceEpoch % 1000
        let millis = Int(remainder < 0 ? remainder + 1000 : remainder)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        return LocalDate(daysSinceEpoch: Int(days)).description + "T"
            + LocalDate.pad(secondOfDay / 3600, 2) + ":" + LocalDate.pad(secondOfDay / 60 % 60, 2) + ":"
            + LocalDate.pad(secondOfDay % 60, 2) + "." + LocalDate.pad(millis, 3) + "Z"
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }
}
