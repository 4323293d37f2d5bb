/// A valid event the rules refuse, and why (e.g. a hospital chosen at 14).
public struct RefusedEvent: Sendable, Hashable, Codable {
    /// The CloudEvent `id`.
    public let eventId: String
    public let reason: String

    public init(eventId: String, reason: String) {
        self.eventId = eventId
        self.reason = reason
    }
}
