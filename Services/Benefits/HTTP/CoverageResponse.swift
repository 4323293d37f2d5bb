/// The body of `GET /v1/persons/{personId}/coverage`.
struct CoverageResponse: Encodable {
    struct Period: Encodable {
        let policyYear: Int
        let startsOn: String
        let endsOn: String
        let startMonth: String
        let basis: String
    }

    struct Facility: Encodable {
        let facilityCode: String
        let facilityKind: String
        let hospitalLevel: Int?
        let boundOn: String
    }

    struct Authoriser: Encodable {
        let authoriserId: String
        let relationship: String
        let boundOn: String
        let rank: Int?
    }

    struct Status: Encodable {
        let on: String
        let covered: Bool
        /// `covered`, or why not: `not_enrolled`, `waiting_for_registration`, `paid_not_yet_started`,
        /// `gap_after_late_renewal`, `stopped`, `payment_incomplete`, `not_paid`.
        let reason: String
        let explanation: String
        let policyYear: Int?
        let basis: String?
    }

    let personId: String
    let periods: [Period]
    /// The outpatient facility in force on the day asked about (today, China time, without `on`).
    let facility: Facility?
    /// Family-account authorisers in force that day, in order of use.
    let familyAuthorisers: [Authoriser]
    let status: Status?
}
