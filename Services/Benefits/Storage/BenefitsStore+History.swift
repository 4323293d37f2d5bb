import PostgresNIO

extension BenefitsStore {
    /// The person's stored events in business-time order (empty for an unknown person).
    public func history(personId: String) async throws -> [StoredEvent] {
        try await read { try await $0.execute(Statements.LoadHistory(personIds: [personId]), logger: $1) }
    }
}
