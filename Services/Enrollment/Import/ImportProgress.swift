/// Where an import stands: rows read so far out of all rows, and since when.
public struct ImportProgress: Sendable, Hashable {
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

    var elapsedSeconds: Double {
        let (seconds, attoseconds) = self.elapsed.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Rows per second so far.
    public var rate: Double {
        self.elapsedSeconds > 0 ? Double(self.processed) / self.elapsedSeconds : 0
    }

    /// Seconds left at the current rate, nil before there is a rate.
    public var etaSeconds: Double? {
        self.rate > 0 ? Double(self.total - self.processed) / self.rate : nil
    }

    public var fraction: Double { self.total > 0 ? Double(self.processed) / Double(self.total) : 1 }
}
