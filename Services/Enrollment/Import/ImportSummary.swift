/// The end of an import: what was published, what was rejected and why, how long it took.
public struct ImportSummary: Sendable, Hashable, CustomStringConvertible {
    public var rows: Int
    public var published: Int
    public var rejected: Int
    public var problems: [RowProblem]
    public var elapsed: Duration

    public var description: String {
        let progress = ImportProgress(
            processed: self.rows,
            total: self.rows,
            published: self.published,
            rejected: self.rejected,
            elapsed: self.elapsed
        )
        let seconds = (progress.elapsedSeconds * 1000).rounded() / 1000
        return "rows \(self.rows), published \(self.published), rejected \(self.rejected), time \(seconds) s (\(Int(progress.rate)) rows/s)"
    }
}
