import Foundation

/// One phase of one cycle as it ran: its times, and what was sent and due by its ends.
struct SoakPhaseRecord: Sendable {
    let cycle: Int
    let phase: SoakPhase
    let start: ContinuousClock.Instant
    let dueAtStart: Int
    let sentAtStart: Int
    var end: ContinuousClock.Instant
    var dueAtEnd: Int
    var sentAtEnd: Int

    var seconds: Double { (end - start).soakSeconds }
}

/// One fault: when it began, when its action was over (PostgreSQL back, the broker thawed,
/// the killed service restarted and ready), and the rows due for what was sent before it.
struct SoakFaultRecord: Sendable {
    let cycle: Int
    let phase: SoakPhase
    let start: ContinuousClock.Instant
    let actionEnd: ContinuousClock.Instant
    let dueBefore: Int
    let note: String
}

/// The soak's figures, computed once the tables have caught up: the rates per phase, the
/// recovery after each fault, the flood's answers, and the values the test asserts on.
struct SoakReport: Sendable {
    struct Recovery: Sendable {
        let fault: SoakFaultRecord
        /// Seconds from the fault's start until `/ready` answered 200 for good (0: it never left 200).
        let ready: Double?
        /// Seconds from the fault's start until the tables held the rows due before it.
        let caughtUp: Double?
    }

    struct FloodCount: Sendable {
        var ready = 0
        var notReady = 0
        var failed = 0
        var latencies: [Duration] = []
        var answered: Int { ready + notReady }

        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            let sorted = latencies.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))].soakSeconds * 1_000
        }
    }

    var lines: [String] = []
    var recoveries: [Recovery] = []
    /// Per flood phase (the flood alone, no fault): stored rows / due rows.
    var floodKeptUp: [(cycle: Int, ratio: Double)] = []
    var flood = FloodCount()
    /// Failed `/ready` calls outside the kills' windows (from the SIGKILL until 2 s after the
    /// restarted service was ready), and inside them.
    var failedOutsideKills = 0
    var failedDuringKills = 0

    init(
        settings: SoakSettings,
        phases: [SoakPhaseRecord],
        faults: [SoakFaultRecord],
        watch: SoakWatch,
        calls: [SoakFlood.Call],
        ledger: SoakLedger,
        outcome: String,
        caughtUpAt: ContinuousClock.Instant?
    ) {
        let first = phases.first?.start ?? .now
        let last = phases.last?.end ?? .now
        let killWindows = faults.filter { $0.phase == .kill }.map { $0.start...($0.actionEnd + .seconds(2)) }
        for call in calls {
            switch call.status {
            case 200?:
                flood.ready += 1
                flood.latencies.append(call.latency)
            case .some:
                flood.notReady += 1
                flood.latencies.append(call.latency)
            case nil:
                if killWindows.contains(where: { $0.contains(call.at) }) { failedDuringKills += 1 } else { failedOutsideKills += 1 }
            }
        }

        let sending = (last - first).soakSeconds
        let door = ledger.sentByDoor
        lines.append(
            "soak: \(settings.cycles) cycle(s) of 6 phases of \(Self.fixed(settings.phaseLength.soakSeconds)) s; "
                + "\(settings.rate) events/s through both doors; /ready flood: \(settings.floodClients) keep-alive clients, "
                + "\(settings.floodRate) calls/s in all"
        )
        lines.append(
            "soak: per phase (in: lines sent/s; due: rows/s they are due; stored: rows/s written; lag: rows due, not yet written; "
                + "stall: longest time the stored rows did not grow)"
        )
        lines.append(
            "soak:   cycle phase          s      in/s    due/s  stored/s  stored/due  lag at end  stall s   /ready: 200     503  failed  p99 ms"
        )
        for record in phases {
            let storedAtStart = watch.stored(at: record.start)
            let storedAtEnd = watch.stored(at: record.end)
            let seconds = max(record.seconds, 0.001)
            let dueRate = Double(record.dueAtEnd - record.dueAtStart) / seconds
            let storedRate = Double(storedAtEnd - storedAtStart) / seconds
            let ratio = dueRate > 0 ? storedRate / dueRate : 1
            if record.phase == .flood { floodKeptUp.append((record.cycle, ratio)) }
            var count = FloodCount()
            for call in calls where call.at >= record.start && call.at < record.end {
                switch call.status {
                case 200?: count.ready += 1
                case .some: count.notReady += 1
                case nil: count.failed += 1
                }
                if call.status != nil { count.latencies.append(call.latency) }
            }
            let floodColumns =
                count.answered + count.failed == 0
                ? "         -       -       -       -"
                : Self.pad(count.ready, 10) + Self.pad(count.notReady, 8) + Self.pad(count.failed, 8)
                    + Self.pad(Self.fixed(count.percentile(0.99)), 8)
            lines.append(
                "soak:   " + Self.pad(record.cycle, 5) + " " + record.phase.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + Self.pad(Self.fixed(record.seconds), 6)
                    + Self.pad(Int((Double(record.sentAtEnd - record.sentAtStart) / seconds).rounded()), 10)
                    + Self.pad(Int(dueRate.rounded()), 9) + Self.pad(Int(storedRate.rounded()), 10)
                    + Self.pad(Self.fixed(ratio, digits: 2), 12) + Self.pad(max(0, record.dueAtEnd - storedAtEnd), 12)
                    + Self.pad(Self.fixed(watch.longestStall(from: record.start, to: record.end).soakSeconds), 9) + "  " + floodColumns
            )
        }

        lines.append("soak: recovery after each fault (seconds from the fault's start)")
        lines.append("soak:   cycle fault         fault took  /ready 200 again  caught up  (rows due before)")
        for fault in faults {
            let readyAt = watch.readyAgain(after: fault.start, windowEnd: fault.actionEnd + .seconds(3))
            let caughtAt = watch.firstReaching(fault.dueBefore, after: fault.start)
            let recovery = Recovery(
                fault: fault,
                ready: readyAt.map { ($0 - fault.start).soakSeconds },
                caughtUp: caughtAt.map { ($0 - fault.start).soakSeconds }
            )
            recoveries.append(recovery)
            let ready = recovery.ready.map { $0 == 0 ? "0 (stayed 200)" : Self.fixed($0) } ?? "never"
            lines.append(
                "soak:   " + Self.pad(fault.cycle, 5) + " " + fault.phase.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + Self.pad(Self.fixed((fault.actionEnd - fault.start).soakSeconds), 12) + Self.pad(ready, 18)
                    + Self.pad(recovery.caughtUp.map { Self.fixed($0) } ?? "never", 11) + "  (\(Self.grouped(fault.dueBefore)))"
                    + (fault.note.isEmpty ? "" : "  \(fault.note)")
            )
        }

        let storedTotal = watch.stored(at: last) - watch.stored(at: first)
        lines.append(
            "soak: sent \(Self.grouped(ledger.sent)) lines in \(Self.fixed(sending)) s (enrollment service \(Self.grouped(door.http)), "
                + "Kafka \(Self.grouped(door.kafka)); \(Self.grouped(ledger.malformed)) malformed, "
                + "\(Self.grouped(ledger.changedCopies)) changed copies); due \(Self.grouped(ledger.due)) rows"
        )
        lines.append(
            "soak: overall in \(Self.fixed(Double(ledger.sent) / max(sending, 0.001))) lines/s, stored "
                + "\(Self.fixed(Double(storedTotal) / max(sending, 0.001))) rows/s while sending; "
                + "caught up \(caughtUpAt.map { Self.fixed(($0 - last).soakSeconds) + " s" } ?? "never") after the last send"
        )
        lines.append(
            "soak: /ready flood: \(Self.grouped(flood.answered + failedOutsideKills + failedDuringKills)) calls, "
                + "\(Self.grouped(flood.ready)) × 200, \(Self.grouped(flood.notReady)) × 503, "
                + "\(failedDuringKills) failed during the kills, \(failedOutsideKills) failed otherwise; "
                + "p50 \(Self.fixed(flood.percentile(0.5))) ms, p99 \(Self.fixed(flood.percentile(0.99))) ms"
        )
        lines.append("soak: \(outcome)")
    }

    var text: String { lines.joined(separator: "\n") }

    static func fixed(_ value: Double, digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }

    static func pad(_ value: Int, _ width: Int) -> String { pad(grouped(value), width) }

    static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// 12345 → "12,345".
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index).isMultiple(of: 3) { out.append(",") }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }
}
