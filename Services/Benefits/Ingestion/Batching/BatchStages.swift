/// Two stages per batch, so that preparing the next batch (decoding and validation, CPU)
/// overlaps storing the previous one (database); the stores still run one at a time, in the
/// order the batches were read.
///
/// `gate` counts a batch from its reading until it is stored (or abandoned), so that a
/// partition revocation can wait until what was read from it is stored.
struct BatchStages: Sendable {
    let gate: BatchGate

    /// Until `batches` ends or a stage throws; the store in flight is awaited (or, when this
    /// task is cancelled, cancelled) before it returns or throws.
    func run<Batches: AsyncSequence, Prepared: Sendable>(
        _ batches: Batches,
        prepare: (Batches.Element) async throws -> Prepared,
        store: @escaping @Sendable (Prepared) async throws -> Void
    ) async throws {
        let gate = self.gate
        var storing: Task<Void, any Error>?
        defer { storing?.cancel() }
        for try await batch in batches {
            await gate.begin()
            do {
                let prepared = try await prepare(batch)
                try await storing?.value
                storing = Task {
                    do {
                        try await store(prepared)
                        await gate.end()
                    } catch {
                        await gate.end()
                        throw error
                    }
                }
            } catch {
                await gate.end()
                throw error
            }
        }
        try await storing?.value
    }
}
