import Foundation
import Synchronization

/// Periodic plain lines for logs and pipes, where a redrawn bar would be noise.
public final class PlainProgressLines<Measure: ProgressMeasure>: ProgressReporter {
    private let sink: TextSink
    private let interval: Duration
    private let lastPrinted = Mutex<Duration>(.zero)

    public init(sink: TextSink = .standardError, interval: Duration = .seconds(2)) {
        self.sink = sink
        self.interval = interval
    }

    public func update(_ progress: Measure) {
        let due = self.lastPrinted.withLock { last in
            guard progress.elapsed - last >= self.interval else { return false }
            last = progress.elapsed
            return true
        }
        if due { self.sink.write(Self.line(progress)) }
    }

    public func finish(_ progress: Measure) {}

    public static func line(_ progress: Measure) -> String {
        let eta = progress.etaSeconds.map { String(format: "%.0fs", $0) } ?? "?"
        let unit = Measure.unit
        let numbers = String(
            format: "%d/%d \(unit) (%.0f%%), %.0f \(unit)/s",
            progress.processed,
            progress.total,
            progress.fraction * 100,
            progress.rate
        )
        let detail = progress.detail.isEmpty ? "" : ", \(progress.detail)"
        return "progress: \(numbers), ETA \(eta)\(detail)\n"
    }
}
