/// What the rules made of a facility choice.
public enum FacilityOutcome: Sendable, Hashable {
    case accepted
    /// Refused for good; the reason names the rule.
    case refused(String)
    /// Cannot be decided yet (a hospital choice before the registration with the birth date
    /// arrived); decided again when the person is recomputed.
    case pending(String)
}
