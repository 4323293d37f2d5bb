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
