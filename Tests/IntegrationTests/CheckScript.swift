import ChildProcess
import Foundation
import Testing

/// What every `scripts/check-*.py` report has: the problems it found (empty when the check passes).
protocol CheckReport: Decodable {
    var problems: [String] { get }
}

/// Runs one of the repository's `scripts/check-*.py` on `root`: its exit status, its report
/// (the JSON object on the last line of its output, nil when that does not decode) and the
/// whole output for failure messages.
enum CheckScript {
    static func run<Report: CheckReport>(
        _ script: String,
        on root: URL,
        as report: Report.Type = Report.self
    ) async throws -> (status: Int32, report: Report?, output: String) {
        let outcome = try await ChildProcess.run(
            "/usr/bin/env",
            ["python3", StackEnvironment.repositoryRoot.appendingPathComponent("scripts/\(script)").path, root.path],
            output: .standardOutputAndError,
            timeout: .seconds(120)
        )
        let line = outcome.output.split(separator: "\n").last.map(String.init) ?? ""
        return (outcome.status, try? JSONDecoder().decode(Report.self, from: Data(line.utf8)), outcome.output)
    }

    /// The report of a check of the repository itself, which must pass: status 0, no problems.
    static func passing<Report: CheckReport>(_ script: String, as report: Report.Type) async throws -> Report {
        let (status, report, output) = try await run(script, on: StackEnvironment.repositoryRoot, as: Report.self)
        let checked = try #require(report, "no report from scripts/\(script): \(output)")
        #expect(status == 0, "\(checked.problems)")
        #expect(checked.problems.isEmpty)
        return checked
    }
}
