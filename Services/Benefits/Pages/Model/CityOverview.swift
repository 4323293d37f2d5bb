/// What the city overview page shows: covered people per month by basis, totals, the most
/// common refusal reasons and a few persons to look at.
package struct CityOverview: Sendable, Hashable {
    /// In month order.
    var months: [MonthCoverage]
    var personsWithCoverage: Int
    var eventsStored: Int
    var eventsRefused: Int
    /// Most frequent first.
    var topRefusals: [RefusalCount]
    var samplePersons: [String]
    /// Default-renewal counts of the latest policy years, latest first.
    var renewals: [RenewalTally]

    package init(
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

/// How many events were refused for one reason.
package struct RefusalCount: Sendable, Hashable {
    /// The event type, when the event could be read that far.
    var type: String?
    var reason: String
    var count: Int

    package init(type: String?, reason: String, count: Int) {
        self.type = type
        self.reason = reason
        self.count = count
    }
}

/// How many members of a policy year's default-renewal cohort have each status.
package struct RenewalTally: Sendable, Hashable {
    var policyYear: Int
    /// By status code (`renewed_on_time`, …); statuses with none are absent.
    var counts: [String: Int]

    package init(policyYear: Int, counts: [String: Int] = [:]) {
        self.policyYear = policyYear
        self.counts = counts
    }

    /// Saturating: the counts are read from the database.
    var total: Int { counts.values.reduce(0, Saturating.add) }
}
