/// Who is insured (参保对象), judged from the enrolment registrations (docs/rules.md).
///
/// A payment in full stands on its own (rule 8): without a registration the person is
/// presumed insured, as most are (registered years ago, renewed by default). A registration
/// is read only for its facts (newborn start, hospital choice by age) and to find a person
/// who does not qualify.
enum Eligibility: Sendable, Hashable {
    /// No registration in the stream.
    case unknown
    /// The registration whose facts the rules use: the earliest qualifying one (by
    /// `appliedOn`, then event identity), so a later corrected registration unblocks.
    case eligible(EnrollmentRegistered)
    /// Every registration describes a person who does not qualify; the reason is the
    /// earliest registration's.
    case notEligible(reason: String)

    static func decide(_ registrations: [(identity: EventIdentity, registration: EnrollmentRegistered)], rules: PolicyRules) -> Eligibility {
        let ordered = registrations.sorted {
            ($0.registration.appliedOn, $0.identity) < ($1.registration.appliedOn, $1.identity)
        }
        guard let first = ordered.first else { return .unknown }
        if let qualifying = ordered.first(where: { refusal(of: $0.registration, rules: rules) == nil }) {
            return .eligible(qualifying.registration)
        }
        return .notEligible(reason: refusal(of: first.registration, rules: rules) ?? "does not qualify")
    }

    /// Why the registered person does not qualify, or nil when they do:
    /// - a pupil (在园在校) qualifies; without local household registration only when a
    ///   guardian has paid the city's social insurance for 12+ months (missing counts as 0);
    /// - a university student qualifies;
    /// - a child not in school qualifies only with local household registration and under
    ///   18 on `appliedOn`; a non-local child not in school (a newborn included) never does.
    static func refusal(of r: EnrollmentRegistered, rules: PolicyRules) -> String? {
        switch (r.category, r.hukou) {
        case (.pupil, .local), (.universityStudent, _):
            return nil
        case (.pupil, .nonLocal):
            guard (r.guardianCityInsuredMonths ?? 0) < rules.nonLocalPupilGuardianMonths else { return nil }
            return
                "a pupil without local household registration qualifies only when a guardian has paid the city's social insurance for at least \(rules.nonLocalPupilGuardianMonths) months"
        case (.childNotInSchool, .nonLocal):
            return
                "a child without local household registration qualifies only as a pupil in the city's kindergartens or schools whose guardian has paid the city's social insurance for at least \(rules.nonLocalPupilGuardianMonths) months"
        case (.childNotInSchool, .local):
            guard r.birthDate.age(on: r.appliedOn) >= rules.childNotInSchoolAgeLimit else { return nil }
            return "a child not in school qualifies only under \(rules.childNotInSchoolAgeLimit)"
        }
    }

    var registration: EnrollmentRegistered? {
        if case .eligible(let r) = self { return r }
        return nil
    }
}
