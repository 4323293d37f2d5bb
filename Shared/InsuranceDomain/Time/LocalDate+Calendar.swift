extension LocalDate {
    /// The first day of `month` in `year`, for computed years and months (a policy year's
    /// 1 September, 1 October): total, never nil, so rules built on it cannot trap.
    static func firstOf(year: Int, month: Int) -> LocalDate {
        LocalDate(daysSinceEpoch: 0).adding(months: (year - 1970) * 12 + (month - 1))
    }

    /// Adds calendar years; 29 February becomes 28 February in a common year.
    public func adding(years: Int) -> LocalDate { adding(months: years * 12) }
}

extension LocalDate {
    /// The first day on which a person born on `self` is `years` old (`age(on:)` agrees):
    /// someone born on 29 February turns a year older on 1 March in common years.
    public func birthday(turning years: Int) -> LocalDate {
        let sameDay = adding(years: years)
        return sameDay.day == day ? sameDay : sameDay.adding(days: 1)
    }
}
