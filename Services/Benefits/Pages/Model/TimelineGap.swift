import InsuranceDomain

/// Days without coverage after registration (both ends inclusive).
public struct TimelineGap: Sendable, Hashable {
    public var startsOn: LocalDate
    public var endsOn: LocalDate

    public init(startsOn: LocalDate, endsOn: LocalDate) {
        self.startsOn = startsOn
        self.endsOn = endsOn
    }
}
