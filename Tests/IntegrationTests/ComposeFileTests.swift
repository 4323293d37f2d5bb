import ChildProcess
import Foundation
import Testing

/// docker-compose.yml cannot run here (no Docker engine), so it is checked
/// statically by scripts/check-compose.py against the Compose Specification.
@Suite("docker-compose.yml")
struct ComposeFileTests {
    @Test("validates against the Compose Specification and names files that exist")
    func composeFileIsValid() async throws {
        let root = StackEnvironment.repositoryRoot
        let schema = ProcessInfo.processInfo.environment["COMPOSE_SCHEMA"]
            ?? root.appendingPathComponent("deploy/compose-spec.json").path
        let outcome = try await ChildProcess.run(
            "/usr/bin/env", ["python3", root.appendingPathComponent("scripts/check-compose.py").path, root.path, schema],
            output: .standardOutputAndError, timeout: .seconds(120))
        let text = outcome.output
        #expect(outcome.status == 0, "\(text)")
        #expect(text.contains("0 problems"), "\(text)")
    }
}
