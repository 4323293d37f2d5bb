/// Why a person is not covered on a day.
public enum NotCoveredReason: Sendable, Hashable {
    /// No registration and no payment.
    case notEnrolled
    /// A registration says the person does not qualify (参保对象); payments are kept.
    case notEligible(reason: String)
    /// Enrolled as a resident in another city of the province too (重复参保): no benefits here
    /// from `since` until the conflict is resolved.
    case duplicateEnrolment(conflictId: String, otherRegion: String, since: LocalDate)
    /// A payment says it pays from the date of birth, and the newborn start needs the
    /// enrolment registration (birth date, household registration), which has not arrived.
    case waitingForRegistration
    /// Paid in full; coverage starts later ("paid, pending").
    case paidNotYetStarted(startsOn: LocalDate)
    /// Covered before, renewed late: coverage resumes on `resumesOn`.
    case gapAfterLateRenewal(resumesOn: LocalDate)
    /// Insurance stopped (停保) from `effectiveOn`.
    case stopped(effectiveOn: LocalDate)
    /// Payments for the policy year do not reach the amount due yet.
    case paymentIncomplete(policyYear: Int, paidFen: Int, dueFen: Int)
    /// Enrolment events exist, but no full payment covers the day.
    case notPaid

    /// A stable code for APIs: `not_enrolled`, `not_eligible`, `duplicate_enrolment`, ...
    public var code: String {
        switch self {
        case .notEnrolled: return "not_enrolled"
        case .notEligible: return "not_eligible"
        case .duplicateEnrolment: return "duplicate_enrolment"
        case .waitingForRegistration: return "waiting_for_registration"
        case .paidNotYetStarted: return "paid_not_yet_started"
        case .gapAfterLateRenewal: return "gap_after_late_renewal"
        case .stopped: return "stopped"
        case .paymentIncomplete: return "payment_incomplete"
        case .notPaid: return "not_paid"
        }
    }

    /// The reason in words for people.
    public var explanation: String {
        switch self {
        case .notEnrolled: return "not enrolled"
        case .notEligible(let reason): return "not eligible: \(reason)"
        case .duplicateEnrolment(_, let region, let since):
            return "enrolled in another city (\(region)) too: no benefits here from \(since) until that enrolment is stopped"
        case .waitingForRegistration:
            return "paid from the date of birth; the newborn start needs the enrolment registration, which has not arrived"
        case .paidNotYetStarted(let d): return "paid; coverage starts on \(d)"
        case .gapAfterLateRenewal(let d): return "renewed late; coverage resumes on \(d)"
        case .stopped(let d): return "insurance stopped from \(d)"
        case .paymentIncomplete(let y, let paid, let due): return "policy year \(y): paid \(paid) of \(due) fen due"
        case .notPaid: return "no full payment covers this day"
        }
    }
}
