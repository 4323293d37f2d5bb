import Foundation
import Synchronization

/// A one-line bar redrawn in place on a terminal: percent, units, rate, ETA and the job's counters.
public final class TerminalProgressBar<Measure: ProgressMeasure>: ProgressReporter {
    private let sink: TextSink
    private let width = 30
    /// Redraws at most this often, so a fast job does not spend its time drawing.
    private let interval: Duration = .milliseconds(100)
    private let lastDrawn = Mutex<Duration?>(nil)

    public init(sink: TextSink = .standardError) {
        self.sink = sink
    }

    public func update(_ progress: Measure) {
        let due = self.lastDrawn.withLock { last in
            guard last.map({ progress.elapsed - $0 >= self.interval }) ?? true else { return false }
            last = progress.elapsed
            return true
        }
        if due { self.draw(progress) }
    }

    public func finish(_ progress: Measure) {
        self.draw(progress)
        self.sink.write("\n")
    }

    private func draw(_ progress: Measure) {
        let filled = Int(progress.fraction * Double(self.width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: self.width - filled)
        let eta = progress.etaSeconds.map { String(format: "%.0fs", $0) } ?? "?"
        let unit = Measure.unit
        let numbers = String(
            format: "%3.0f%% %d/%d \(unit)  %.0f \(unit)/s",
            progress.fraction * 100,
            progress.processed,
            progress.total,
            progress.rate
        )
        let detail = progress.detail.isEmpty ? "" : "  \(progress.detail)"
        self.sink.write("\r[\(bar)] \(numbers)  ETA \(eta)\(detail) ")
    }
}
