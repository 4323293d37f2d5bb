import ServiceSupport

/// Where an import stands: rows read so far out of all rows, and since when.
public struct ImportProgress: ProgressMeasure, Hashable {
    public var processed: Int
    public var total: Int
    public var published: Int
    public var rejected: Int
    public var elapsed: Duration

    public init(processed: Int, total: Int, published: Int, rejected: Int, elapsed: Duration) {
        self.processed = processed
        self.total = total
        self.published = published
        self.rejected = rejected
        self.elapsed = elapsed
    }

    public static let unit = "rows"
    public var detail: String { "rejected \(rejected)" }
}
