import Foundation

/// The one-screen report: a header naming what was tested, one line per check, a verdict.
struct SmokeReport: Sendable {
    let header: [String]
    let checks: [SmokeCheck]
    let seconds: Double

    var failed: [SmokeCheck] { checks.filter { !$0.passed } }

    var text: String {
        let width = checks.map(\.name.count).max() ?? 0
        var lines = header
        for check in checks {
            let name = check.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let outcome = check.outcome.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            lines.append("  \(outcome) \(name)  \(check.detail)")
        }
        let time = String(format: "%.1f s", seconds)
        if failed.isEmpty {
            lines.append("smoke: PASSED, \(checks.count) checks in \(time)")
        } else {
            lines.append("smoke: FAILED, \(failed.count) of \(checks.count) checks (\(failed.map(\.name).joined(separator: ", "))) in \(time)")
        }
        return lines.joined(separator: "\n")
    }
}
