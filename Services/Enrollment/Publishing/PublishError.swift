/// Why events could not be handed to the broker. Transient failures (`unavailable`,
/// `timedOut`) are worth a retry with the same ids; permanent ones (`tooLarge`, `refused`)
/// are not: the same events would fail the same way.
public enum PublishError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The broker could not be reached or refused the events for now.
    case unavailable(reason: String)
    /// The broker did not acknowledge every event within the time allowed.
    case timedOut(after: Duration)
    /// An event is larger than the producer or the broker accepts (`message.max.bytes`).
    case tooLarge(reason: String)
    /// The producer or the broker refused the events for good: unknown topic, not
    /// authorised, invalid record, a fatal producer error. An operator must act.
    case refused(reason: String)

    /// Whether the same events may succeed later (answered 503 with `Retry-After`).
    public var isTransient: Bool {
        switch self {
        case .unavailable, .timedOut: true
        case .tooLarge, .refused: false
        }
    }

    public var description: String {
        switch self {
        case .unavailable(let reason): "the broker is unavailable: \(reason)"
        case .timedOut(let after): "the broker did not acknowledge the events within \(after)"
        case .tooLarge(let reason): "an event is too large for the broker: \(reason)"
        case .refused(let reason): "the broker refused the events permanently: \(reason)"
        }
    }
}
