/// A calendar day without time or zone (`YYYY-MM-DD`), in the proleptic Gregorian calendar,
/// from 0001-01-01 to 9999-12-31. Arithmetic never traps: a result beyond either end is that
/// end (stored data may name any day of the calendar, and pages must still render).
///
/// A small value type instead of `Date` + `Calendar`: the rules only ever reason in whole
/// days and months, and day arithmetic on a day count is exact and allocation-free.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a day; returns nil when the combination does not exist (e.g. 2025-02-29).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            day >= 1, day <= LocalDate.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The first representable day, 0001-01-01.
    public static let minimum = LocalDate(unchecked: 1, 1, 1)
    /// The last representable day, 9999-12-31.
    public static let maximum = LocalDate(unchecked: 9999, 12, 31)

    /// A day that always exists: the year clamped to 1...9999, the month to 1...12 and the
    /// day to the month's length. For days built from stored numbers (a policy year).
    public static func clamped(year: Int, month: Int, day: Int) -> LocalDate {
        let y = min(max(year, 1), 9999)
        let m = min(max(month, 1), 12)
        return LocalDate(unchecked: y, m, min(max(day, 1), LocalDate.daysIn(month: m, year: y)))
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(_ text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-"),
            let y = LocalDate.digits(utf8, 0, 4), let m = LocalDate.digits(utf8, 5, 2),
            let d = LocalDate.digits(utf8, 8, 2)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    static func digits(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for i in start..<(start + count) {
            let b = bytes[i]
            guard b >= 48, b <= 57 else { return nil }
            value = value * 10 + Int(b - 48)
        }
        return value
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static let minimumDays = -719_162  // 0001-01-01
    private static let maximumDays = 2_932_896  // 9999-12-31

    /// The day `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`), clamped to
    /// 0001-01-01...9999-12-31.
    public init(daysSinceEpoch unclamped: Int) {
        let days = min(max(unclamped, LocalDate.minimumDays), LocalDate.maximumDays)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(unchecked: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The day `days` later (earlier when negative), clamped to 0001-01-01...9999-12-31.
    public func adding(days: Int) -> LocalDate {
        let (sum, overflow) = daysSinceEpoch.addingReportingOverflow(days)
        return LocalDate(daysSinceEpoch: overflow ? (days < 0 ? Int.min : Int.max) : sum)
    }

    /// Adds calendar months; a day that does not exist in the target month becomes that
    /// month's last day (31 August + 6 months = 28/29 February). Clamped to
    /// 0001-01-01...9999-12-31.
    public func adding(months: Int) -> LocalDate {
        let current = year * 12 + (month - 1)
        let lowest = 12
        let highest = 9999 * 12 + 11  // January of year 1, December of 9999
        // Compared before adding, so that no month count can overflow.
        if months < lowest - current { return .minimum }
        if months > highest - current { return .maximum }
        let index = current + months
        let y = index / 12
        let m = index % 12 + 1
        return LocalDate(unchecked: y, m, min(day, LocalDate.daysIn(month: m, year: y)))
    }

    /// The first day of this day's month.
    public var firstOfMonth: LocalDate { LocalDate(unchecked: year, month, 1) }

    /// The first day of the next month.
    public var firstOfNextMonth: LocalDate { firstOfMonth.adding(months: 1) }

    /// Completed years of a person born on `self`, on `date`. Someone born on 29 February
    /// has their birthday on 1 March in common years (the day after 28 February).
    public func age(on date: LocalDate) -> Int {
        var years = date.year - year
        let birthdayThisYear =
            LocalDate(year: date.year, month: month, day: day)
            ?? LocalDate(unchecked: date.year, 3, 1)
        if date < birthdayThisYear { years -= 1 }
        return years
    }

    /// `YYYY-MM`.
    public var monthText: String {
        LocalDate.pad(year, 4) + "-" + LocalDate.pad(month, 2)
    }

    public var description: String {
        LocalDate.pad(year, 4) + "-" + LocalDate.pad(month, 2) + "-" + LocalDate.pad(day, 2)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

extension LocalDate: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a date YYYY-MM-DD, got \(text)")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
