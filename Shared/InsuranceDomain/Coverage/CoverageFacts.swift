/// What `PersonCoverage.status(on:)` and `facilityStatus(on:)` need beyond the periods.
struct CoverageFacts: Sendable, Hashable {
    /// Any registration, payment or reversal at all (else "not enrolled").
    var hasEnrolmentEvents = false
    /// The payments as the ledger counts them (see `PersonCoverage.payments`).
    var payments: [CountedPayment] = []
    /// The registrations, read by day: who qualifies and the household registration.
    var eligibility = Eligibility([], rules: PolicyRules())
    /// A from-birth payment arrived but no registration: the newborn start needs its facts.
    var waitingForRegistration = false
    /// Effective dates of stops, ascending.
    var stops: [LocalDate] = []
    /// China-time days on which enrolments were paid in full, ascending.
    var completions: [LocalDate] = []
    var incomplete: [IncompleteEnrolment] = []
    /// Days blocked by duplicate enrolment elsewhere.
    var blocked: [BlockedSpan] = []
    /// The first day a hospital choice is no longer in force (the 14th birthday), when the
    /// registration gives the birth date.
    var hospitalLapse: LocalDate?
    var hospitalLapseAge = 14
    /// The birth date of the latest registration, when one came.
    var birthDate: LocalDate? { eligibility.latest?.birthDate }
    /// The birthday from which default renewal no longer applies (18th), when the birth date is known.
    var renewalAgeLimitReachedOn: LocalDate?
}

/// An enrolment whose payments do not reach the amount due yet.
struct IncompleteEnrolment: Sendable, Hashable {
    let policyYear: Int
    let paidFen: Int
    let dueFen: Int
    /// The China-time day of its first payment.
    let startedOn: LocalDate
    /// The last day it could still give benefits (the year's end, or the day before a stop).
    let lastDay: LocalDate
}
