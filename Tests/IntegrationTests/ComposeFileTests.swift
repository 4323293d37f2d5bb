import Foundation
import Testing

/// docker-compose.yml cannot run here (no Docker engine), so it is checked
/// statically by scripts/check-compose.py against the Compose Specification.
@Suite("docker-compose.yml")
struct ComposeFileTests {
    @Test("validates against the Compose Specification and names files that exist")
    func composeFileIsValid() throws {
        let root = StackEnvironment.repositoryRoot
        let schema = ProcessInfo.processInfo.environment["COMPOSE_SCHEMA"]
            ?? root.appendingPathComponent("deploy/compose-spec.json").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("scripts/check-compose.py").path, root.path, schema]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("0 problems"), "\(text)")
    }
}
