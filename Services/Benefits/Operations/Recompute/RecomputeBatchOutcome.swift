/// What recomputing one batch of persons changed.
public struct RecomputeBatchOutcome: Sendable, Hashable {
    /// Persons with stored events whose rows were rebuilt.
    public var persons = 0
    /// Stored events read.
    public var events = 0
    public var periodsWritten = 0
    /// Persons whose `event_count` did not match their stored events.
    public var countsCorrected = 0

    public init() {}
}
