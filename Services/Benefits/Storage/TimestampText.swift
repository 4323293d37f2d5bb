/// `timestamptz` text for COPY (`YYYY-MM-DD HH:MM:SS.ffffff+00`) from microseconds since 1970,
/// written by hand: Foundation's formatters cost more than the rest of a row's encoding.
enum TimestampText {
    static func utc(microseconds: Int64) -> String {
        let (days, dayMicros) = microseconds.floorDivided(by: 86_400_000_000)
        let (year, month, day) = civil(fromDays: days)
        let seconds = dayMicros / 1_000_000
        var text = ""
        text.reserveCapacity(32)
        text += pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + " "
        text += pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        text += "." + pad(dayMicros % 1_000_000, 6) + "+00"
        return text
    }

    /// Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

private extension Int64 {
    /// Quotient rounded down and a non-negative remainder.
    func floorDivided(by divisor: Int64) -> (Int64, Int64) {
        let quotient = self / divisor, remainder = self % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
