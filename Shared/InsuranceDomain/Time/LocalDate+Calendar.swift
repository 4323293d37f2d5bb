extension LocalDate {
    /// The first day of `month` in `year`, for computed years and months (a policy year's
    /// 1 September, 1 October): total, never nil, so rules built on it cannot trap.
    static func firstOf(year: Int, month: Int) -> LocalDate {
        clamped(year: year, month: month, day: 1)
    }

    /// Adds calendar years; 29 February becomes 28 February in a common year. Stops at the
    /// ends of the calendar like `adding(months:)`.
    public func adding(years: Int) -> LocalDate {
        let (months, overflow) = years.multipliedReportingOverflow(by: 12)
        guard !overflow else { return years < 0 ? .minimum : .maximum }
        return adding(months: months)
    }
}

extension LocalDate {
    /// The policy year whose premium months (September Y to August Y+1) hold this day:
    /// Y for a day from September on, Y-1 before.
    public var premiumYear: Int { month >= 9 ? year : year - 1 }
}

extension LocalDate {
    /// The first day on which a person born on `self` is `years` old (`age(on:)` agrees):
    /// someone born on 29 February turns a year older on 1 March in common years.
    public func birthday(turning years: Int) -> LocalDate {
        let sameDay = adding(years: years)
        return sameDay.day == day ? sameDay : sameDay.adding(days: 1)
    }
}
