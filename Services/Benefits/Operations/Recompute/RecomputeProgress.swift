import ServiceSupport

/// Where a recompute stands: persons rebuilt out of the persons stored, and the last one committed.
public struct RecomputeProgress: ProgressMeasure, Hashable {
    public var processed: Int
    public var total: Int
    public var elapsed: Duration
    public var periods: Int
    public var familyLinked: Int
    /// The last person committed: a run stopped here continues with `--after` this id.
    public var lastPerson: String?

    public init(processed: Int, total: Int, elapsed: Duration, periods: Int, familyLinked: Int, lastPerson: String?) {
        self.processed = processed
        self.total = total
        self.elapsed = elapsed
        self.periods = periods
        self.familyLinked = familyLinked
        self.lastPerson = lastPerson
    }

    public static let unit = "persons"

    public var detail: String {
        // Person ids passed the contract's identifier rule when stored; still printed escaped.
        "periods \(periods), family-linked \(familyLinked)" + (lastPerson.map { ", after \(String(reflecting: $0))" } ?? "")
    }
}
