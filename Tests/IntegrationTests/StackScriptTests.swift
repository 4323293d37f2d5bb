import ChildProcess
import Foundation
import Settings
import Testing

/// The stack scripts report a bad environment in one clear line instead of
/// hanging; these run them against the stack `scripts/dev test` started.
@Suite("Stack scripts")
struct StackScriptTests {
    struct Outcome {
        let status: Int32
        let output: String
    }

    private func run(_ script: String, _ arguments: [String], environment: [String: String]) async throws -> Outcome {
        let result = try await ChildProcess.run(
            "/bin/bash",
            [StackEnvironment.repositoryRoot.appendingPathComponent(script).path] + arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            output: .standardOutputAndError,
            timeout: .seconds(180)
        )
        return Outcome(status: result.status, output: result.output)
    }

    @Test("a second install does nothing and says so")
    func installIsIdempotent() async throws {
        let started = ContinuousClock.now
        let outcome = try await run("scripts/install.sh", [], environment: [:])
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("install: everything present"), "\(outcome.output)")
        #expect(ContinuousClock.now - started < .seconds(30), "a second install should be quick")
    }

    @Test("a PostgreSQL port taken by another program is named, not waited on")
    func postgresPortInUse() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("stack-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let pgPort = try StackEnvironment.postgres().port
        let outcome = try await run(
            "scripts/stack.sh",
            ["up"],
            environment: [
                "INSURANCE_STATE_DIR": state.path, "PG_PORT": String(pgPort),
            ]
        )
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("port \(pgPort) is already in use"), "\(outcome.output)")
    }

    @Test("a broker port taken by another program is named, not waited on")
    func brokerPortInUse() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("stack-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let brokerPort = StackEnvironment.kafkaBootstrapServers.split(separator: ":").last.map(String.init) ?? String(StackDefaults.kafkaPort)
        // PostgreSQL of this scratch stack is not wanted: ask for the broker alone.
        let outcome = try await run(
            "scripts/stack.sh",
            ["broker-up"],
            environment: [
                "INSURANCE_STATE_DIR": state.path, "KAFKA_PORT": brokerPort,
                "TANSU_BIN": ProcessInfo.processInfo.environment["TANSU_BIN"] ?? "",
            ]
        )
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("port \(brokerPort) is already in use"), "\(outcome.output)")
    }
}
