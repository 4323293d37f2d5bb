/// What a recompute did, for its last line.
public struct RecomputeSummary: Sendable, Hashable, CustomStringConvertible {
    public var batches = 0
    public var persons = 0
    public var events = 0
    public var periodsWritten = 0
    /// Persons whose stored `event_count` was wrong.
    public var countsCorrected = 0
    /// Persons recomputed again together because a family-account authoriser of theirs is over the limit.
    public var familyLinked = 0
    public var elapsed: Duration = .zero

    public init() {}

    public var description: String {
        let (seconds, attoseconds) = elapsed.components
        let time = (Double(seconds) + Double(attoseconds) / 1e18) * 1000
        return "persons \(persons), events \(events), periods \(periodsWritten), event counts corrected \(countsCorrected), "
            + "family-linked \(familyLinked), batches \(batches), time \(time.rounded() / 1000) s"
    }
}
