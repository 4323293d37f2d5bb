/// The body of `GET /v1/persons/{personId}/coverage` (written by `jsonValue`, in
/// `CoverageResponse+Assembly.swift`).
struct CoverageResponse {
    struct Period {
        let policyYear: Int
        let startsOn: String
        let endsOn: String
        let startMonth: String
        let basis: String
        /// True when the policy year's parameters are assumed (not yet announced, or carried
        /// over from the latest listed year): the period may change when they are published.
        let assumedParameters: Bool
    }

    struct Facility {
        let facilityCode: String
        let facilityKind: String
        let hospitalLevel: Int?
        let boundOn: String
    }

    struct Authoriser {
        let authoriserId: String
        let relationship: String
        let boundOn: String
        /// Position in the listing (earliest authorisation first), not the order in which
        /// the accounts pay: that is by balance, decided when paying.
        let rank: Int?
    }

    /// Whether an outpatient facility is in force that day, and why not.
    struct FacilityState {
        /// `in_force`, `no_facility_chosen`, `hospital_choice_lapsed`.
        let code: String
        let explanation: String
    }

    struct Status {
        let on: String
        let covered: Bool
        /// `covered`, or why not: `not_enrolled`, `not_eligible`, `duplicate_enrolment`,
        /// `waiting_for_registration`, `paid_not_yet_started`, `gap_after_late_renewal`, `stopped`,
        /// `payment_incomplete`, `not_paid`.
        let reason: String
        let explanation: String
        let policyYear: Int?
        let basis: String?
    }

    let personId: String
    let periods: [Period]
    /// The outpatient facility in force on the day asked about (today, China time, without `on`).
    let facility: Facility?
    /// The facility situation that day: in force, none chosen, or a hospital choice lapsed at 14.
    let facilityStatus: FacilityState
    /// Family-account authorisers in force that day, earliest authorisation first.
    let familyAuthorisers: [Authoriser]
    let status: Status?
}
