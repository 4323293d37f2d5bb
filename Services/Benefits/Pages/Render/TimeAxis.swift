import InsuranceDomain

/// Maps days to x coordinates on an axis of whole policy years (1 September – 31 August).
struct TimeAxis {
    let startsOn: LocalDate
    /// The day after the last day shown.
    let endsBefore: LocalDate
    let left: Double
    let width: Double

    /// The smallest run of whole policy years holding every day given.
    init(covering days: [LocalDate], left: Double, width: Double) {
        let first = days.min() ?? LocalDate(year: 2024, month: 9, day: 1)!
        let last = days.max() ?? first
        startsOn = LocalDate(year: TimeAxis.policyYear(of: first), month: 9, day: 1)!
        endsBefore = LocalDate(year: TimeAxis.policyYear(of: last) + 1, month: 9, day: 1)!
        self.left = left
        self.width = width
    }

    /// The policy year a day's premium belongs to (September starts a year).
    static func policyYear(of day: LocalDate) -> Int {
        day.month >= 9 ? day.year : day.year - 1
    }

    var dayCount: Int { endsBefore.daysSinceEpoch - startsOn.daysSinceEpoch }

    /// The x of the start of `day`, clamped to the axis.
    func x(_ day: LocalDate) -> Double {
        let offset = min(max(day.daysSinceEpoch - startsOn.daysSinceEpoch, 0), dayCount)
        return left + width * Double(offset) / Double(dayCount)
    }

    /// The x of the end of `day` (the start of the next).
    func xEnd(_ day: LocalDate) -> Double { x(day.adding(days: 1)) }

    var policyYears: [Int] {
        Array(startsOn.year..<endsBefore.year)
    }

    /// First days of every month shown.
    var months: [LocalDate] {
        var out: [LocalDate] = []
        var month = startsOn
        while month < endsBefore {
            out.append(month)
            month = month.adding(months: 1)
        }
        return out
    }
}
