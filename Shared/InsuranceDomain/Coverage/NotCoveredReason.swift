/// Why a person is not covered on a day.
public enum NotCoveredReason: Sendable, Hashable {
    /// No registration and no payment.
    case notEnrolled
    /// Payments arrived but the registration needed to decide coverage has not.
    case waitingForRegistration
    /// Paid in full; coverage starts later ("paid, pending").
    case paidNotYetStarted(startsOn: LocalDate)
    /// Covered before, renewed late: coverage resumes on `resumesOn`.
    case gapAfterLateRenewal(resumesOn: LocalDate)
    /// Insurance stopped (停保) from `effectiveOn`.
    case stopped(effectiveOn: LocalDate)
    /// Payments for the policy year do not reach the amount due yet.
    case paymentIncomplete(policyYear: Int, paidFen: Int, dueFen: Int)
    /// Registered, but no full payment covers the day.
    case notPaid

    /// A stable code for APIs: `not_enrolled`, `waiting_for_registration`, ...
    public var code: String {
        switch self {
        case .notEnrolled: return "not_enrolled"
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
        case .waitingForRegistration: return "payment received; waiting for the enrolment registration needed to decide coverage"
        case .paidNotYetStarted(let d): return "paid; coverage starts on \(d)"
        case .gapAfterLateRenewal(let d): return "renewed late; coverage resumes on \(d)"
        case .stopped(let d): return "insurance stopped from \(d)"
        case .paymentIncomplete(let y, let paid, let due): return "policy year \(y): paid \(paid) of \(due) fen due"
        case .notPaid: return "enrolled, but no full payment covers this day"
        }
    }
}
