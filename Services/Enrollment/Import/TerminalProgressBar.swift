import Foundation
import Synchronization

/// A one-line bar redrawn in place on a terminal: percent, rows, rate and ETA.
public final class TerminalProgressBar: ProgressReporter {
    private let sink: TextSink
    private let width = 30
    /// Redraws at most this often, so a fast import does not spend its time drawing.
    private let interval: Duration = .milliseconds(100)
    private let lastDrawn = Mutex<Duration?>(nil)

    public init(sink: TextSink = .standardError) {
        self.sink = sink
    }

    public func update(_ progress: ImportProgress) {
        let due = self.lastDrawn.withLock { last in
            guard last.map({ progress.elapsed - $0 >= self.interval }) ?? true else { return false }
            last = progress.elapsed
            return true
        }
        if due { self.draw(progress) }
    }

    public func finish(_ progress: ImportProgress) {
        self.draw(progress)
        self.sink.write("\n")
    }

    private func draw(_ progress: ImportProgress) {
        let filled = Int(progress.fraction * Double(self.width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: self.width - filled)
        let eta = progress.etaSeconds.map { String(format: "%.0fs", $0) } ?? "?"
        let numbers = String(
            format: "%3.0f%% %d/%d rows  %.0f rows/s",
            progress.fraction * 100, progress.processed, progress.total, progress.rate
        )
        let line = "\r[\(bar)] \(numbers)  ETA \(eta)  rejected \(progress.rejected) "
        self.sink.write(line)
    }
}
