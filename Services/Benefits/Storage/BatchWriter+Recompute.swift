import Tracing

extension BatchWriter {
    /// Recomputes every person with a newly stored event and replaces their derived rows;
    /// returns the number of coverage periods written. Only persons who may have had events
    /// before this batch have their history read back; for the others the batch is the history.
    /// A failure of `recompute` is thrown as `ComputationFailure` (the content's fault, not the
    /// database's), which rolls the transaction back.
    func recomputePersons(
        of stored: StoredEvents,
        with recompute: @Sendable (_ personId: String, _ history: [StoredEvent]) throws -> PersonResult
    ) async throws -> Int {
        let persons = stored.personIds.sorted()
        guard !persons.isEmpty else { return 0 }
        // A child of the batch's `store lane` span when the batch is traced (docs/tracing.md).
        return try await withSpan("recompute coverage", ofKind: .internal) { span in
            let returning = persons.filter(stored.personsWithEarlierEvents.contains)
            span.attributes["insurance.persons"] = persons.count
            span.attributes["insurance.persons.returning"] = returning.count
            let histories = try await loadHistories(returning)
            var results: [(personId: String, result: PersonResult)] = []
            results.reserveCapacity(persons.count)
            for person in persons {
                let history = histories[person] ?? StoredEvent.history(of: stored.newEvents[person] ?? [])
                do {
                    results.append((person, try recompute(person, history)))
                } catch {
                    throw ComputationFailure(underlying: error)
                }
            }
            return try await replaceDerivedRows(of: returning, with: results)
        }
    }
}
