import InsuranceDomain

/// Maps days to x coordinates on an axis of whole policy years (1 September – 31 August).
struct TimeAxis {
    let startsOn: LocalDate
    /// The day after the last day shown.
    let endsBefore: LocalDate
    let left: Double
    let width: Double

    /// The most policy years one axis shows; beyond that the months would be too thin to read
    /// and the page too large (a stored stop on 9999-12-31 must not draw 8,000 years).
    static let maximumYears = 40

    /// The smallest run of whole policy years holding every day given, at most
    /// `maximumYears` of them around `anchor` (today); days outside are drawn at the edges.
    /// Days outside `InputLimits.earliestDate...latestDate` (stored before those limits
    /// existed) count as those limits.
    init(covering days: [LocalDate], anchor: LocalDate? = nil, left: Double, width: Double) {
        let shown = days.map { min(max($0, InputLimits.earliestDate), InputLimits.latestDate) }
        let first = shown.min() ?? LocalDate.clamped(year: 2024, month: 9, day: 1)
        let last = shown.max() ?? first
        var firstYear = TimeAxis.policyYear(of: first)
        var lastYear = TimeAxis.policyYear(of: last)
        if lastYear - firstYear + 1 > TimeAxis.maximumYears {
            let centre = anchor.map { TimeAxis.policyYear(of: min(max($0, first), last)) } ?? lastYear
            firstYear = max(firstYear, centre - TimeAxis.maximumYears / 2)
            lastYear = min(lastYear, firstYear + TimeAxis.maximumYears - 1)
            firstYear = max(TimeAxis.policyYear(of: first), lastYear - TimeAxis.maximumYears + 1)
        }
        startsOn = LocalDate.clamped(year: firstYear, month: 9, day: 1)
        endsBefore = LocalDate.clamped(year: lastYear + 1, month: 9, day: 1)
        self.left = left
        self.width = width
    }

    /// The policy year a day's premium belongs to (September starts a year).
    static func policyYear(of day: LocalDate) -> Int {
        day.month >= 9 ? day.year : day.year - 1
    }

    /// At least one, so that `x` never divides by zero.
    var dayCount: Int { max(endsBefore.daysSinceEpoch - startsOn.daysSinceEpoch, 1) }

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
