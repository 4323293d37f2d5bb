/// More events in one batch than the configured limit.
public struct BatchTooLarge: Error, Sendable, Hashable {
    public let limit: Int
}
