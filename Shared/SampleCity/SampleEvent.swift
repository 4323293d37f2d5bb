/// One generated event: structured-mode CloudEvents JSON and where it goes.
public struct SampleEvent: Sendable, Hashable {
    /// The topic family the event belongs to.
    public enum Stream: String, Sendable, Hashable, CaseIterable {
        case enrollments, contributions, bindings
    }

    public let stream: Stream
    /// The Kafka key: the person's number (empty for events broken on purpose
    /// before a person could be named).
    public let key: String
    /// The event as structured-mode CloudEvents JSON.
    public let json: String
    /// Broken on purpose (malformed, or breaking a rule the validator knows):
    /// the pipeline must refuse it with a reason, never lose it.
    public let isFaulty: Bool
}
