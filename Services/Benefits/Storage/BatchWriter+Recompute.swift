import Tracing

extension BatchWriter {
    /// Recomputes every person with a newly stored event and replaces their derived rows;
    /// returns the number of coverage periods written. A person's history is read back only
    /// when they had events before this batch and `lane` does not hold them; a person seen
    /// for the first time has no derived rows to delete. A failure of the computation is thrown
    /// as `ComputationFailure` (the content's fault, not the database's), which rolls the
    /// transaction back.
    func recomputePersons(
        of stored: StoredEvents,
        with lane: some LaneRecomputation
    ) async throws -> (periods: Int, withFamilyBindings: Set<String>) {
        let persons = stored.persons.keys.sorted()
        guard !persons.isEmpty else { return (0, []) }
        // A child of the batch's `store lane` span when the batch is traced (docs/tracing.md).
        return try await withSpan("recompute coverage", ofKind: .internal) { span in
            let returning = persons.filter { (stored.persons[$0]?.storedBefore ?? 0) > 0 }
            let unheld = returning.filter { person in
                !lane.holdsHistory(of: person, storedBefore: stored.persons[person]?.storedBefore ?? 0)
            }
            span.attributes["insurance.persons"] = persons.count
            span.attributes["insurance.persons.returning"] = returning.count
            span.attributes["insurance.persons.read_back"] = unheld.count
            let histories = unheld.isEmpty ? [:] : try await loadHistories(unheld)
            let readBack = Set(unheld)
            var results: [(personId: String, result: PersonResult)] = []
            results.reserveCapacity(persons.count)
            for person in persons {
                let new = stored.persons[person] ?? NewEvents(events: [], storedBefore: 0)
                do {
                    // Read back: the whole stored history (empty if it vanished); else held or new.
                    let history = readBack.contains(person) ? histories[person] ?? [] : nil
                    results.append((person, try lane.result(personId: person, stored: history, new: new.events, storedBefore: new.storedBefore)))
                } catch {
                    throw ComputationFailure(underlying: error)
                }
            }
            let periods = try await replaceDerivedRows(of: returning, with: results)
            return (periods, Set(results.lazy.filter { !$0.result.familyBindings.isEmpty }.map(\.personId)))
        }
    }
}
