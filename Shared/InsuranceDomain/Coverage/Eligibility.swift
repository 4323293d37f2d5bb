/// Who is insured (参保对象), judged from the enrolment registrations (docs/rules.md, rule 8).
///
/// A payment in full stands on its own: without a registration the person is presumed
/// insured, as most are (registered years ago, renewed by default). A registration states
/// facts as of its application date, so it judges what comes on or after that date:
/// - a payment counts unless the latest registration applied on or before the payment's
///   China-time day describes a person who does not qualify; coverage paid for before such a
///   registration stays;
/// - the facts read on a day (household registration, whether the person qualifies) are the
///   latest registration's as of that day;
/// - the newborn rule reads the earliest qualifying registration (its birth and application
///   dates decide the from-birth window).
struct Eligibility: Sendable, Hashable {
    /// One valid registration, with why it does not qualify (nil: it qualifies).
    struct Entry: Sendable, Hashable {
        let registration: EnrollmentRegistered
        let refusal: String?
    }

    /// Every registration, in order of `appliedOn`, then event identity.
    let entries: [Entry]

    init(_ registrations: [(identity: EventIdentity, registration: EnrollmentRegistered)], rules: PolicyRules) {
        entries = registrations.sorted { ($0.registration.appliedOn, $0.identity) < ($1.registration.appliedOn, $1.identity) }
            .map { Entry(registration: $0.registration, refusal: Self.refusal(of: $0.registration, rules: rules)) }
    }

    /// No registration in the stream.
    var isEmpty: Bool { entries.isEmpty }

    /// The registration in force on `day`: the latest applied on or before it.
    func entry(on day: LocalDate) -> Entry? { entries.last { $0.registration.appliedOn <= day } }

    /// Why what happens on `day` (a payment, a covered day) does not count: the registration
    /// in force that day describes a person who does not qualify. nil with no registration yet.
    func notEligible(on day: LocalDate) -> String? { entry(on: day)?.refusal }

    /// The registration whose facts the newborn rule reads: the earliest that qualifies.
    var newbornRegistration: EnrollmentRegistered? { entries.first { $0.refusal == nil }?.registration }

    /// The latest registration: the person's birth date for the rules that are not tied to a
    /// day (the hospital choice's age limit, the renewal age).
    var latest: EnrollmentRegistered? { entries.last?.registration }

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
}
