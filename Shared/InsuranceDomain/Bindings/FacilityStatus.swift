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
