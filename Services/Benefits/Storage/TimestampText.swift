import InsuranceDomain

/// `timestamptz` text for the bulk binds (`YYYY-MM-DD HH:MM:SS.ffffff+00`) from microseconds since 1970,
/// written by hand: Foundation's formatters cost more than the rest of a row's encoding.
enum TimestampText {
    static func utc(microseconds: Int64) -> String {
        let perDay: Int64 = 86_400_000_000
        var days = microseconds / perDay
        var dayMicros = microseconds % perDay
        if dayMicros < 0 { (days, dayMicros) = (days - 1, dayMicros + perDay) }
        let seconds = dayMicros / 1_000_000
        return LocalDate(daysSinceEpoch: Int(days)).description + " "
            + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
            + "." + pad(dayMicros % 1_000_000, 6) + "+00"
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
