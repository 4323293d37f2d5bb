import ChildProcess
import Foundation
import Settings
import TestSupport

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The local stack the system tests run against (scripts/stack.sh), read from the same
/// environment variables as every other test, with the same defaults.
struct SystemStack: Sendable {
    let repositoryRoot: String
    let bootstrapServers: String
    let postgres: PostgresSettings
    let brokerPIDFile: String
    /// Where the service binaries are (`swift build --show-bin-path`).
    let binaryDirectory: String
    /// Per-run folder for service logs.
    let logDirectory: String

    static func fromEnvironment(filePath: String = #filePath) throws -> SystemStack {
        let environment = ProcessInfo.processInfo.environment
        // Tests/SystemTests/Support/SystemStack.swift → repository root.
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
        let state = environment["INSURANCE_STATE_DIR"] ?? "\(root)/.local"
        let logs = "\(state)/logs/system-tests"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        return SystemStack(
            repositoryRoot: root,
            bootstrapServers: StackAddress(ServiceEnvironment(environment)).kafkaBootstrapServers,
            postgres: try StackAddress(ServiceEnvironment(environment)).postgres(),
            brokerPIDFile: environment["KAFKA_BROKER_PID_FILE"] ?? "\(state)/run/tansu.pid",
            binaryDirectory: environment["SYSTEM_TESTS_BIN_DIR"] ?? "\(root)/.build/debug",
            logDirectory: logs
        )
    }

    func binary(_ name: String) -> String { "\(binaryDirectory)/\(name)" }

    /// Freezes the broker (SIGSTOP) for `duration`, then thaws it (SIGCONT), also when the
    /// wait is cancelled: a test must never leave the shared broker stopped.
    func pauseBroker(for duration: Duration) async throws {
        let pid = try brokerPID()
        guard kill(pid, SIGSTOP) == 0 else { throw SystemTestError("SIGSTOP to broker pid \(pid) failed: \(String(cString: strerror(errno)))") }
        defer { kill(pid, SIGCONT) }
        BrokerThaw.schedule(pid: pid, after: duration)
        try? await Task.sleep(for: duration)
    }

    func brokerPID() throws -> pid_t {
        guard let text = try? String(contentsOfFile: brokerPIDFile, encoding: .utf8),
            let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0
        else { throw SystemTestError("no broker PID in \(brokerPIDFile) (KAFKA_BROKER_PID_FILE): start the stack with scripts/stack.sh up") }
        return pid
    }

    /// `scripts/stack.sh pg-restart`: a fast restart of the stack's cluster, same port and data.
    func restartPostgres() async throws {
        try await runStackScript("pg-restart")
    }

    /// `scripts/stack.sh pg-stop`: the stack's cluster stops (fast: every session is cut).
    /// Prefer `withPostgresStopped`, which always starts it again.
    func stopPostgres() async throws {
        try await runStackScript("pg-stop")
    }

    /// `scripts/stack.sh pg-crash`: an immediate stop, as a crash (WAL not yet flushed is lost).
    /// Start it again with `startPostgres`.
    func crashPostgres() async throws {
        try await runStackScript("pg-crash")
    }

    /// `scripts/stack.sh pg-start`: the stopped cluster starts again, same port and data.
    func startPostgres() async throws {
        try await runStackScript("pg-start")
    }

    /// Stops PostgreSQL, runs `body`, and starts PostgreSQL again whether `body` returns,
    /// throws or is cancelled: every later test (and the tear-down) needs the database.
    func withPostgresStopped<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await stopPostgres()
        let result: T
        do {
            result = try await body()
        } catch {
            // Started from a task of its own: a cancelled test must still bring it back.
            try await Task { try await startPostgres() }.value
            throw error
        }
        try await startPostgres()
        return result
    }

    private func runStackScript(_ command: String) async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["PG_PORT"] = String(postgres.port)
        environment["PG_HOST"] = postgres.host
        // Output to a file, not a pipe: the (re)started server inherits it and would hold a pipe open.
        let logPath = "\(logDirectory)/\(command).log"
        let script = try ServiceProcess.launch(
            name: "stack.sh \(command)",
            executable: "\(repositoryRoot)/scripts/stack.sh",
            arguments: [command],
            environment: environment,
            logPath: logPath
        )
        let status = await script.exitStatus(timeout: .seconds(90))
        guard status == 0 else {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw SystemTestError("scripts/stack.sh \(command) failed (status \(status.map(String.init) ?? "timed out")): \(text.suffix(500))")
        }
    }

    /// A loopback port nobody listens on right now.
    static func freePort() throws -> Int {
        try LoopbackPort.free()
    }
}

/// Thaws a frozen broker from a Dispatch thread too: if Swift's cooperative pool
/// (two threads on two cores) is busy with blocking work, a `Task.sleep` may wake
/// late, and every test would wait on the frozen broker.
enum BrokerThaw {
    static func schedule(pid: pid_t, after duration: Duration) {
        let milliseconds = Int(duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds)) { _ = kill(pid, SIGCONT) }
    }
}
