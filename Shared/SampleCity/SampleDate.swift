/// A calendar day in the sample city; enough date arithmetic for stories.
public struct SampleDate: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(_ year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = min(day, SampleDate.daysIn(year: year, month: month))
    }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        "\(year)-\(String(month).leftPadded(to: 2))-\(String(day).leftPadded(to: 2))"
    }

    var compact: String { "\(year)\(String(month).leftPadded(to: 2))\(String(day).leftPadded(to: 2))" }

    func addingMonths(_ months: Int) -> SampleDate {
        let index = year * 12 + (month - 1) + months
        return SampleDate(index / 12, index % 12 + 1, day)
    }

    func addingDays(_ days: Int) -> SampleDate {
        var result = self
        var remaining = days
        while remaining > 0 {
            let left = SampleDate.daysIn(year: result.year, month: result.month) - result.day
            if remaining <= left { return SampleDate(result.year, result.month, result.day + remaining) }
            remaining -= left + 1
            result = result.month == 12 ? SampleDate(result.year + 1, 1, 1) : SampleDate(result.year, result.month + 1, 1)
        }
        return result
    }

    /// An RFC 3339 time on this day in China Standard Time.
    func at(hour: Int, minute: Int) -> String {
        "\(description)T\(String(hour).leftPadded(to: 2)):\(String(minute).leftPadded(to: 2)):00+08:00"
    }

    public static func < (a: SampleDate, b: SampleDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}
