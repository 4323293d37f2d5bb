/// Shows a job's progress; implementations decide how often to print.
public protocol ProgressReporter<Measure>: Sendable {
    associatedtype Measure: ProgressMeasure
    func update(_ progress: Measure)
    /// Called once at the end, before the summary.
    func finish(_ progress: Measure)
}

/// The progress output of a command: a bar redrawn in place when `sink` is a terminal, plain
/// periodic lines otherwise (logs, pipes).
public func progressReporter<Measure: ProgressMeasure>(
    for _: Measure.Type,
    sink: TextSink = .standardError
) -> any ProgressReporter<Measure> {
    sink.isTerminal ? TerminalProgressBar<Measure>(sink: sink) : PlainProgressLines<Measure>(sink: sink)
}
