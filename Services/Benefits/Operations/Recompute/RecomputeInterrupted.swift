/// A recompute stopped by an error; the batches before it are committed.
public struct RecomputeInterrupted: Error, CustomStringConvertible {
    /// The last person of the last committed batch (nil: none committed): `--after` continues there.
    public let lastCommitted: String?
    public let summary: RecomputeSummary
    public let underlying: any Error

    public var description: String {
        let resume =
            lastCommitted.map { "continue with --after \(String(reflecting: $0)), or run again from the start" }
            ?? "run again"
        return "recompute stopped after \(summary.persons) persons: \(DatabaseMessage.of(underlying, includeDetail: false)); \(resume)"
    }
}
