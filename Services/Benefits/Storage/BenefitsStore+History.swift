import PostgresNIO

extension BenefitsStore {
    /// The person's stored events in business-time order (empty for an unknown person).
    public func history(personId: String) async throws -> [StoredEvent] {
        var events: [StoredEvent] = []
        for try await event in try await client.execute(Statements.LoadHistory(personIds: [personId]), logger: logger) {
            events.append(event)
        }
        return events
    }
}
