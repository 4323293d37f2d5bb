/// What the city overview page shows: covered people per month by basis, totals, the most
/// common refusal reasons and a few persons to look at.
public struct CityOverview: Sendable, Hashable {
    /// In month order.
    public var months: [MonthCoverage]
    public var personsWithCoverage: Int
    public var eventsStored: Int
    public var eventsRefused: Int
    /// Most frequent first.
    public var topRefusals: [RefusalCount]
    public var samplePersons: [String]
    /// Default-renewal counts of the latest policy years, latest first.
    public var renewals: [RenewalTally]

    public init(
        months: [MonthCoverage] = [],
        personsWithCoverage: Int = 0,
        eventsStored: Int = 0,
        eventsRefused: Int = 0,
        topRefusals: [RefusalCount] = [],
        samplePersons: [String] = [],
        renewals: [RenewalTally] = []
    ) {
        self.months = months
        self.personsWithCoverage = personsWithCoverage
        self.eventsStored = eventsStored
        self.eventsRefused = eventsRefused
        self.topRefusals = topRefusals
        self.samplePersons = samplePersons
        self.renewals = renewals
    }
}
