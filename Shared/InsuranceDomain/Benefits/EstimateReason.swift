/// Why a visit is paid less than its cost at the city rate, or nothing. Cases are declared in
/// order of weight: the first that applies is the answer's `reason`.
public enum EstimateReason: Sendable, Hashable {
    /// Not covered that day: nothing is paid.
    case notCovered(NotCoveredReason)
    /// Ordinary outpatient care needs a facility in force; none has been chosen.
    case noFacilityInForce
    /// The hospital chosen as a child lapsed on the 14th birthday.
    case hospitalChoiceLapsed(since: LocalDate)
    /// Ordinary outpatient care is paid only at the facility in force that day.
    case notFacilityInForce(visited: String, inForce: String)
    /// The facility in force is a community health centre, whose settling hospital and that
    /// hospital's other centres are paid too, but which hospital it settles with is unknown:
    /// no facility directory is loaded (`directoryLoaded` false), or the directory does not
    /// name it. Nothing is paid at another facility, as the estimate cannot tell.
    case settlingHospitalUnknown(visited: String, centre: String, directoryLoaded: Bool)
    /// The outpatient fund's annual cap is used up.
    case capReached
    /// The visit crosses the annual cap: paid only up to it.
    case capCrossed(paidUpToFen: Int)
    /// An inpatient cost at or below the deductible: nothing is paid.
    case belowDeductible(deductibleFen: Int)
    /// The inpatient deductible was taken off the cost first.
    case deductible(deductibleFen: Int)
    /// A child without local household registration cannot register a long-term residence
    /// elsewhere: the visit counts as temporary care.
    case residenceNeedsLocalRegistration
    /// Emergency care outside the city: a share of the city rate.
    case emergencyElsewhere(basisPoints: Int)
    /// Other temporary care outside the city: a share of the city rate.
    case temporaryElsewhere(basisPoints: Int)

    /// A stable code for APIs.
    public var code: String {
        switch self {
        case .notCovered: return "not_covered"
        case .noFacilityInForce: return "no_facility_in_force"
        case .hospitalChoiceLapsed: return "hospital_choice_lapsed"
        case .notFacilityInForce: return "not_facility_in_force"
        case .settlingHospitalUnknown: return "settling_hospital_unknown"
        case .capReached: return "cap_reached"
        case .capCrossed: return "cap_crossed"
        case .belowDeductible: return "below_deductible"
        case .deductible: return "deductible"
        case .residenceNeedsLocalRegistration: return "residence_needs_local_registration"
        case .emergencyElsewhere: return "emergency_elsewhere"
        case .temporaryElsewhere: return "temporary_care_elsewhere"
        }
    }

    /// Weight order: lower comes first.
    var weight: Int {
        switch self {
        case .notCovered: return 0
        case .noFacilityInForce: return 1
        case .hospitalChoiceLapsed: return 2
        case .notFacilityInForce: return 3
        case .settlingHospitalUnknown: return 4
        case .capReached: return 5
        case .capCrossed: return 6
        case .belowDeductible: return 7
        case .deductible: return 8
        case .residenceNeedsLocalRegistration: return 9
        case .emergencyElsewhere: return 10
        case .temporaryElsewhere: return 11
        }
    }

    /// In words, for people.
    public var explanation: String {
        switch self {
        case .notCovered(let why): return "not covered that day: \(why.explanation)"
        case .noFacilityInForce: return "ordinary outpatient care is paid only at the facility chosen, and none is in force that day"
        case .hospitalChoiceLapsed(let since):
            return
                "the hospital chosen as a child is no longer in force since \(since) (14th birthday); choose a community health centre or primary clinic"
        case .notFacilityInForce(let visited, let inForce):
            return "ordinary outpatient care is paid only at the facility in force that day (\(inForce)), not at \(visited)"
        case .settlingHospitalUnknown(let visited, let centre, let directoryLoaded):
            let why = directoryLoaded ? "the facility directory does not name it" : "no facility directory is loaded"
            return
                "the settling hospital of the community health centre in force (\(centre)) is unknown because \(why): ordinary outpatient care is paid only there, at that hospital and at its other centres, so nothing is estimated for \(visited)"
        case .capReached: return "the outpatient fund's annual cap is used up: the rest is the insured's"
        case .capCrossed(let paid): return "the visit crosses the annual outpatient cap: \(paid) fen paid, the rest is the insured's"
        case .belowDeductible(let fen): return "the inpatient cost does not exceed the deductible of \(fen) fen"
        case .deductible(let fen): return "the inpatient deductible of \(fen) fen is the insured's"
        case .residenceNeedsLocalRegistration:
            return "only children with local household registration can register a long-term residence elsewhere: paid as temporary care"
        case .emergencyElsewhere(let bp): return "emergency care outside the city: \(RateText.percent(bp)) of the city rate"
        case .temporaryElsewhere(let bp): return "temporary care outside the city: \(RateText.percent(bp)) of the city rate"
        }
    }
}
