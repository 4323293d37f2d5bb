import Foundation
import Synchronization

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

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

/// Writes text to a file descriptor (stderr for progress, stdout for a summary).
public struct TextSink: Sendable {
    public let descriptor: Int32

    public static let standardError = TextSink(descriptor: 2)
    public static let standardOutput = TextSink(descriptor: 1)

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Whether the descriptor is a terminal: decides bar versus plain lines.
    public var isTerminal: Bool { isatty(self.descriptor) == 1 }

    public func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let start = buffer.baseAddress else { return 0 }
                return systemWrite(self.descriptor, start + offset, buffer.count - offset)
            }
            if written <= 0 { return }
            offset += written
        }
    }
}

/// The C library's `write(2)` (the method called `write` hides the global function).
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Darwin)
    Darwin.write(descriptor, bytes, count)
    #elseif canImport(Glibc)
    Glibc.write(descriptor, bytes, count)
    #elseif canImport(Musl)
    Musl.write(descriptor, bytes, count)
    #endif
}
