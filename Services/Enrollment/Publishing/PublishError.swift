/// Why events could not be handed to the broker. Either way nothing is known to be
/// stored, and the caller retries with the same event ids, which downstream dedupes.
public enum PublishError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The broker could not be reached or refused the events.
    case unavailable(reason: String)
    /// The broker did not acknowledge every event within the time allowed.
    case timedOut(after: Duration)

    public var description: String {
        switch self {
        case .unavailable(let reason): "the broker is unavailable: \(reason)"
        case .timedOut(let after): "the broker did not acknowledge the events within \(after)"
        }
    }
}
