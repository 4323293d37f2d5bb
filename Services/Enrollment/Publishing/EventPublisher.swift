/// Publishes validated events; answers only once the broker acknowledged all of them.
public protocol EventPublisher: Sendable {
    /// Hands every event to the broker and returns when all are acknowledged.
    ///
    /// Throws a ``PublishError``: transient (`unavailable`, `timedOut`) or permanent
    /// (`tooLarge`, `refused`); some events may then be stored already, which is harmless
    /// because ids repeat on retry.
    func publish(_ events: [OutgoingEvent]) async throws
    /// Whether the broker answers now (for `GET /ready`).
    func isReady() async -> Bool
}
