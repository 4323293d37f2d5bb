/// What `PersonCoverage.status(on:)` needs beyond the periods.
struct CoverageFacts: Sendable, Hashable {
    var hasRegistration = false
    var hasPayments = false
    /// Effective dates of stops, ascending.
    var stops: [LocalDate] = []
    /// China-time days on which policy years were paid in full, ascending.
    var completions: [LocalDate] = []
    var incomplete: [(policyYear: Int, paidFen: Int, dueFen: Int)] = []

    static func == (lhs: CoverageFacts, rhs: CoverageFacts) -> Bool {
        lhs.hasRegistration == rhs.hasRegistration && lhs.hasPayments == rhs.hasPayments && lhs.stops == rhs.stops
            && lhs.completions == rhs.completions
            && lhs.incomplete.elementsEqual(rhs.incomplete, by: { $0 == $1 })
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(hasRegistration)
        hasher.combine(stops)
        hasher.combine(completions)
    }
}
