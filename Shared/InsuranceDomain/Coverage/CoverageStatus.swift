/// Whether a person is covered on a given day, and if not, why.
public enum CoverageStatus: Sendable, Hashable {
    case covered(CoveragePeriod)
    case notCovered(NotCoveredReason)

    public var isCovered: Bool {
        if case .covered = self { return true }
        return false
    }
}
