/// When an enrolment's benefits start (待遇享受时间, docs/rules.md rules 1–4 and 9), in order:
/// 1. newborn: a payment says `fromBirth`, the registration is local, made on or before
///    birth + 6 months, and the birth falls in the premium period (September Y – August Y+1)
///    → the birth date;
/// 2. newborn across policy years: the from-birth enrolment was made after the birth year's
///    benefits ended (30 September Y+1) and the next year's premium was paid in full on or
///    before birth + 6 months → 1 October Y+1, so a newborn is covered without a gap;
/// 3. paid in full by the end of the declaration window, or earlier → 1 October Y (`annual`);
/// 4. otherwise the first day of the month after the China-time day of full payment.
/// Every period ends 30 September Y+1; a start after that gives no period.
enum StartRules {
    static func period(
        year: PolicyYear,
        completedOn: LocalDate,
        fromBirth: Bool,
        registration: EnrollmentRegistered?,
        newbornYears: Set<Int>,
        rules: PolicyRules
    ) -> CoveragePeriod? {
        let end = year.benefitsEndOn
        if let newborn = registration.flatMap({ NewbornFacts($0, rules: rules) }) {
            if fromBirth, newborn.premiumYear == year.policyYear {
                return CoveragePeriod(policyYear: year.policyYear, startsOn: newborn.birthDate, endsOn: end, basis: .newborn)
            }
            if newbornYears.contains(year.policyYear - 1), newborn.premiumYear == year.policyYear - 1,
                newborn.appliedOn >= year.benefitsStartOn,  // after the birth year's benefits ended
                completedOn <= newborn.enrolmentDeadline
            {
                return CoveragePeriod(policyYear: year.policyYear, startsOn: year.benefitsStartOn, endsOn: end, basis: .newborn)
            }
        }
        if completedOn <= year.windowClosesOn {
            return CoveragePeriod(policyYear: year.policyYear, startsOn: year.benefitsStartOn, endsOn: end, basis: .annual)
        }
        let start = completedOn.firstOfNextMonth
        guard start <= end else { return nil }
        return CoveragePeriod(policyYear: year.policyYear, startsOn: start, endsOn: end, basis: .monthAfterPayment)
    }
}

/// The facts of a registration that the newborn rule reads, when it can apply at all:
/// local household registration, enrolled on or before birth + 6 months.
struct NewbornFacts {
    let birthDate: LocalDate
    let appliedOn: LocalDate
    /// The last day a from-birth enrolment may be made: birth + 6 months.
    let enrolmentDeadline: LocalDate
    /// The policy year whose premium period (September Y – August Y+1) holds the birth.
    let premiumYear: Int

    init?(_ registration: EnrollmentRegistered, rules: PolicyRules) {
        let deadline = registration.birthDate.adding(months: rules.newbornEnrolmentMonths)
        guard registration.hukou == .local, registration.appliedOn <= deadline else { return nil }
        birthDate = registration.birthDate
        appliedOn = registration.appliedOn
        enrolmentDeadline = deadline
        premiumYear = birthDate.premiumYear
    }
}
