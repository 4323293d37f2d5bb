import Foundation

/// How long and how hard the soak runs (`scripts/dev soak [--minutes N]`).
///
/// - `SOAK_MINUTES`: the sending time in minutes (default 1.5, what the test command runs).
///   It is cut into cycles of the six phases, about 90 s each; a longer run repeats the cycle.
/// - `SOAK_RATE`: events/s of the sample city through both doors together (default 300).
/// - `SOAK_FLOOD_CLIENTS`, `SOAK_FLOOD_RATE`: the `/ready` flood's keep-alive clients (64) and
///   their calls/s all together (320).
struct SoakSettings: Sendable {
    var minutes: Double
    var rate: Int
    var floodClients: Int
    var floodRate: Int
    /// How long the broker stays frozen (below the services' 6 s Kafka session timeout).
    var brokerPause: Duration = .seconds(5)

    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> SoakSettings {
        func number(_ name: String, _ fallback: Double) -> Double {
            guard let text = environment[name], let value = Double(text), value > 0 else { return fallback }
            return value
        }
        return SoakSettings(
            minutes: min(number("SOAK_MINUTES", 1.5), 600),
            rate: Int(number("SOAK_RATE", 300)),
            floodClients: Int(number("SOAK_FLOOD_CLIENTS", 64)),
            floodRate: Int(number("SOAK_FLOOD_RATE", 320))
        )
    }

    /// Cycles of every phase, about 90 s each, at least one.
    var cycles: Int { max(1, Int((minutes * 60 / 90).rounded())) }

    /// Each phase's planned length: the sending time shared evenly.
    var phaseLength: Duration {
        .milliseconds(Int(minutes * 60_000 / Double(cycles * SoakPhase.allCases.count)))
    }

    /// The suite's bound: the sending time, the final catch-up and the comparison, with room.
    static var timeLimitMinutes: Int {
        Int((fromEnvironment().minutes * 1.5).rounded(.up)) + 6
    }

    /// How long the final catch-up may take before the comparison reports what is missing.
    var catchUpLimit: Duration { .seconds(180 + Int(minutes * 15)) }
}

/// The phases of one soak cycle, in order. A fault happens at its phase's start; the flood
/// runs from `flood` to the end of `kill`, through the faults.
enum SoakPhase: String, CaseIterable, Sendable {
    case quiet
    case flood
    case poison
    case postgresRestart = "pg-restart"
    case brokerPause = "broker-pause"
    case kill

    var isFault: Bool { [.postgresRestart, .brokerPause, .kill].contains(self) }
}

extension Duration {
    /// The duration in seconds, as a `Double` (for rates).
    var soakSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
