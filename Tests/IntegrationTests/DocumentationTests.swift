import ChildProcess
import Foundation
import Testing

/// The README and docs/ say what the repository has: scripts/check-docs.py checks the
/// README's commands, every relative link and anchor, and that nothing points at a
/// document outside the repository.
@Suite("README and docs/")
struct DocumentationTests {
    struct Report: CheckReport {
        struct Link: Decodable {
            let file: String
            let target: String
        }
        let problems: [String]
        let missingLinks: [Link]
    }

    /// Documents linked before they are written (none now: every link must resolve).
    static let pendingDocuments: Set<String> = []

    static func check(_ root: URL) async throws -> (status: Int32, report: Report?, output: String) {
        try await CheckScript.run("check-docs.py", on: root)
    }

    @Test("README commands exist, links resolve, nothing points outside the repository")
    func documentationMatchesRepository() async throws {
        let checked = try await CheckScript.passing("check-docs.py", as: Report.self)
        for link in checked.missingLinks {
            let name = URL(fileURLWithPath: String(link.target.split(separator: "#").first ?? "")).lastPathComponent
            #expect(Self.pendingDocuments.contains(name), "\(link.file) links to \(link.target), which does not exist")
        }
    }

    @Test("the README stays a page a newcomer reads in five minutes")
    func readmeIsShort() throws {
        let readme = try String(contentsOf: StackEnvironment.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.split(separator: "\n", omittingEmptySubsequences: false).count < 200)
    }

    @Test("a README naming a subcommand scripts/dev lacks, or a broken link, is reported")
    func brokenReadmeIsReported() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("docs-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let manager = FileManager.default
        try manager.createDirectory(at: scratch.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        try manager.createDirectory(at: scratch.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try manager.copyItem(
            at: StackEnvironment.repositoryRoot.appendingPathComponent("scripts/dev"),
            to: scratch.appendingPathComponent("scripts/dev")
        )
        try "# Rules\n".write(to: scratch.appendingPathComponent("docs/rules.md"), atomically: true, encoding: .utf8)
        let readme = "```sh\nscripts/dev start\n```\nSee [rules](docs/rules.md#money) and [gone](docs/gone.md).\n"
        try readme.write(to: scratch.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let (status, report, output) = try await Self.check(scratch)
        #expect(status == 1, "\(output)")
        let problems = report?.problems ?? []
        #expect(problems.contains { $0.contains("scripts/dev start") }, "\(problems)")
        #expect(problems.contains { $0.contains("#money") }, "\(problems)")
        #expect(report?.missingLinks.map(\.target) == ["docs/gone.md"])
    }
}
