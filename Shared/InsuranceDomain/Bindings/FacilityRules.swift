/// The outpatient facility rules (基层选定, docs/rules.md):
/// - under 14: a community health centre, a primary clinic, or a hospital of level ≤ 2;
/// - 14 and older: a community health centre or a primary clinic only;
/// - no change within one month of the last accepted choice (绑定后1个月内不得变动).
///
/// Decisions: age is judged on `boundOn`; a hospital chosen before 14 stays in force until the
/// day before the 14th birthday, then no facility is in force until a community health centre
/// or primary clinic is chosen, and that choice is not held back by the one-month lock (nothing
/// is in force to change); choosing the facility already in force again changes nothing and
/// does not restart the lock. The lock counts as the Civil Code counts a period in months (arts.
/// 201, 202, 1259): it ends on the corresponding day of the next month (that month's last day
/// where it has none) and 以内 includes that day, so a change is allowed from the day after
/// (chosen 15 October → locked up to and including 15 November, may change from 16 November).
enum FacilityRules {
    /// Decides choices in order of `boundOn` (then event identity, for a stable order).
    static func decide(
        _ bindings: [(identity: EventIdentity, binding: FacilityBinding)],
        birthDate: LocalDate?,
        rules: PolicyRules
    ) -> [(identity: EventIdentity, decision: FacilityDecision)] {
        let ordered = bindings.sorted { ($0.binding.boundOn, $0.identity) < ($1.binding.boundOn, $1.identity) }
        var decisions: [(identity: EventIdentity, decision: FacilityDecision)] = []
        decisions.reserveCapacity(ordered.count)
        var lastChange: FacilityBinding?
        for (identity, binding) in ordered {
            let outcome = outcome(of: binding, birthDate: birthDate, lastChange: lastChange, rules: rules)
            if outcome == .accepted, lastChange?.facilityCode != binding.facilityCode {
                lastChange = binding
            }
            decisions.append((identity, FacilityDecision(eventId: identity.id, binding: binding, outcome: outcome)))
        }
        return decisions
    }

    static func outcome(of binding: FacilityBinding, birthDate: LocalDate?, lastChange: FacilityBinding?, rules: PolicyRules) -> FacilityOutcome {
        if binding.facilityKind == .hospital {
            guard let birthDate else {
                return .pending(
                    "a hospital may be chosen only under \(rules.hospitalChoiceAgeLimit); waiting for the enrolment registration with the birth date"
                )
            }
            if birthDate.age(on: binding.boundOn) >= rules.hospitalChoiceAgeLimit {
                return .refused(
                    "from age \(rules.hospitalChoiceAgeLimit) only a community health centre or a primary clinic may be chosen, not a hospital"
                )
            }
            if let level = binding.hospitalLevel, level > rules.maximumHospitalLevel {
                return .refused(
                    "a hospital chosen under \(rules.hospitalChoiceAgeLimit) must be of level \(rules.maximumHospitalLevel) or below, this one is level \(level)"
                )
            }
        }
        if let last = lastChange, last.facilityCode != binding.facilityCode,
            !lapsed(last, on: binding.boundOn, birthDate: birthDate, rules: rules)
        {
            let lastLockedDay = last.boundOn.adding(months: rules.facilityChangeLockMonths)
            if binding.boundOn <= lastLockedDay {
                return .refused(
                    "the facility chosen on \(last.boundOn) cannot be changed within \(rules.facilityChangeLockMonths) month(s), up to and including \(lastLockedDay); a change is possible from \(lastLockedDay.adding(days: 1))"
                )
            }
        }
        return .accepted
    }

    /// The day a hospital choice lapses: the birthday on which the person reaches the age
    /// from which only a community health centre or a primary clinic may be chosen.
    static func hospitalLapse(birthDate: LocalDate?, rules: PolicyRules) -> LocalDate? {
        birthDate?.birthday(turning: rules.hospitalChoiceAgeLimit)
    }

    static func lapsed(_ binding: FacilityBinding, on day: LocalDate, birthDate: LocalDate?, rules: PolicyRules) -> Bool {
        guard binding.facilityKind == .hospital, let lapse = hospitalLapse(birthDate: birthDate, rules: rules) else { return false }
        return day >= lapse
    }
}

/// One facility choice of a person and its outcome, in the order the choices were made.
public struct FacilityDecision: Sendable, Hashable {
    public let eventId: String
    public let binding: FacilityBinding
    public let outcome: FacilityOutcome

    public init(eventId: String, binding: FacilityBinding, outcome: FacilityOutcome) {
        self.eventId = eventId
        self.binding = binding
        self.outcome = outcome
    }
}

/// What the rules made of a facility choice.
public enum FacilityOutcome: Sendable, Hashable {
    case accepted
    /// Refused for good; the reason names the rule.
    case refused(String)
    /// Cannot be decided yet (a hospital choice before the registration with the birth date
    /// arrived); decided again when the person is recomputed.
    case pending(String)
}

/// The ordinary-outpatient facility (普通门诊统筹定点) of a person on a day.
public enum FacilityStatus: Sendable, Hashable {
    /// The chosen facility in force that day.
    case inForce(FacilityBinding)
    /// No facility has been chosen (or accepted) by that day.
    case noneChosen
    /// A hospital chosen before `age` (14) lapsed on that birthday (`since`); a community
    /// health centre or primary clinic must be chosen.
    case hospitalChoiceLapsed(since: LocalDate, age: Int)

    /// The facility in force, if any.
    public var facility: FacilityBinding? {
        if case .inForce(let binding) = self { return binding }
        return nil
    }

    /// A stable code for APIs: `in_force`, `no_facility_chosen`, `hospital_choice_lapsed`.
    public var code: String {
        switch self {
        case .inForce: return "in_force"
        case .noneChosen: return "no_facility_chosen"
        case .hospitalChoiceLapsed: return "hospital_choice_lapsed"
        }
    }

    /// In words, for people.
    public var explanation: String {
        switch self {
        case .inForce(let b): return "facility \(b.facilityCode) chosen on \(b.boundOn) is in force"
        case .noneChosen: return "no facility in force: no outpatient facility has been chosen"
        case .hospitalChoiceLapsed(let since, let age):
            return
                "no facility in force since \(since): a hospital chosen as a child is in force only until the \(age)th birthday; choose a community health centre or primary clinic"
        }
    }
}
