/// One row of `person_facts`: what the renewal outlook needs beyond coverage periods
/// (dates as `YYYY-MM-DD`). Written only when one of them is known.
public struct PersonFactsRow: Sendable, Hashable {
    public var birthDate: String?
    /// The birthday from which default renewal no longer applies.
    public var ageLimitOn: String?
    /// The latest stop's effective date.
    public var lastStopOn: String?

    public init(birthDate: String? = nil, ageLimitOn: String? = nil, lastStopOn: String? = nil) {
        self.birthDate = birthDate
        self.ageLimitOn = ageLimitOn
        self.lastStopOn = lastStopOn
    }

    /// Nothing to write.
    public var isEmpty: Bool { birthDate == nil && ageLimitOn == nil && lastStopOn == nil }
}
