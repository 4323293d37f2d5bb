/// Where a long job stands (an import's rows, a recompute's persons), for the progress output.
public protocol ProgressMeasure: Sendable {
    /// Units done so far.
    var processed: Int { get }
    /// Units in all (may be an estimate: the fraction is capped at 100%).
    var total: Int { get }
    /// Time since the job started.
    var elapsed: Duration { get }
    /// What is counted, plural (`rows`, `persons`).
    static var unit: String { get }
    /// Counters shown after the rate, e.g. `rejected 3`; empty for none.
    var detail: String { get }
}

extension ProgressMeasure {
    public var elapsedSeconds: Double {
        let (seconds, attoseconds) = elapsed.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Units per second so far.
    public var rate: Double {
        elapsedSeconds > 0 ? Double(processed) / elapsedSeconds : 0
    }

    /// Seconds left at the current rate, nil before there is a rate.
    public var etaSeconds: Double? {
        rate > 0 ? Double(max(0, total - processed)) / rate : nil
    }

    public var fraction: Double { total > 0 ? min(1, Double(processed) / Double(total)) : 1 }
}
