import InsuranceDomain
import ServiceSupport

/// What came of validating and authorising one request's events, before publishing.
enum IntakeOutcome: Sendable {
    /// Every event passed and may be published.
    case accepted([AcceptedEvent])
    /// Some events break rules (422); every problem, by index and field.
    case invalid([ProblemDetails.Item], invalidEvents: Int, totalEvents: Int)
    /// Some events name a `source` or `type` the caller's token does not cover (403).
    case forbidden([ProblemDetails.Item])
}
