/// Shows an import's progress; implementations decide how often to print.
public protocol ProgressReporter: Sendable {
    func update(_ progress: ImportProgress)
    /// Called once at the end, before the summary.
    func finish(_ progress: ImportProgress)
}
