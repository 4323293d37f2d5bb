import Benefits
import ChildProcess
import Foundation
import HummingbirdTesting

/// A service binary the pipeline bench runs as a child process, stopped by its PID.
struct BenchService: Sendable {
    let process: ServiceProcess
    var name: String { process.name }

    /// What both services of a bench read: the broker, the scratch topics (enrollments,
    /// contributions, bindings, dead letters), quick group joins, the development token (loopback
    /// services of a benchmark) and the caller's `PATH`, `HOME` and `LD_LIBRARY_PATH`.
    static func commonEnvironment(servers: String, topics: [String], from environment: [String: String]) -> [String: String] {
        var common = [
            "KAFKA_BOOTSTRAP_SERVERS": servers, "KAFKA_SESSION_TIMEOUT_MS": "6000", "KAFKA_FETCH_WAIT_MAX_MS": "50",
            "KAFKA_TOPIC_ENROLLMENTS": topics[0], "KAFKA_TOPIC_CONTRIBUTIONS": topics[1],
            "KAFKA_TOPIC_BINDINGS": topics[2], "KAFKA_TOPIC_DEADLETTER": topics[3], "LOG_LEVEL": "warning",
            "INSURANCE_DEV_MODE": "1",
        ]
        for name in ["PATH", "HOME", "LD_LIBRARY_PATH"] { common[name] = environment[name] }
        return common
    }

    /// The benefits service's own on top of `commonEnvironment`: where it listens, its group
    /// (`prefix.benefits`) and the scratch database.
    static func benefitsEnvironment(common: [String: String], port: Int, prefix: String, database: DatabaseSettings) -> [String: String] {
        common.merging([
            "BENEFITS_HOST": "127.0.0.1", "BENEFITS_PORT": String(port),
            "BENEFITS_GROUP_ID": "\(prefix).benefits", "KAFKA_GROUP_ID": "\(prefix).benefits",
            "PG_HOST": database.host, "PG_PORT": String(database.port), "PG_USER": database.username,
            "PG_PASSWORD": database.password, "PG_DATABASE": database.database,
        ]) { _, new in new }
    }

    /// Spawns `executable serve` with `environment`, output to `logPath`, and waits for `/ready`.
    static func start(name: String, executable: String, environment: [String: String], port: Int, logPath: String) async throws -> BenchService {
        try? FileManager.default.removeItem(atPath: logPath)
        let service = BenchService(
            process: try ServiceProcess.launch(
                name: name,
                executable: executable,
                arguments: ["serve"],
                environment: environment,
                logPath: logPath
            )
        )
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            guard service.process.isRunning else { throw BenchError("\(name) exited at start; see \(logPath)") }
            if try await isReady(port: port) { return service }
            try await Task.sleep(for: .milliseconds(100))
        }
        await service.stop()
        throw BenchError("\(name) not ready on port \(port) within 60 s; see \(logPath)")
    }

    private static func isReady(port: Int) async throws -> Bool {
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(5)))
        client.connect()
        defer { Task { try? await client.shutdown() } }
        return (try? await client.get("/ready").status.code) == 200
    }

    /// Peak resident set (VmHWM) in MiB, read while the process runs.
    var peakMemoryMiB: Double? { process.peakMemoryKiB.map { Double($0) / 1024 } }

    /// SIGTERM, SIGKILL after 15 s.
    func stop() async {
        await process.terminate(timeout: .seconds(15))
    }
}

/// A benchmark that could not run, with what to do about it.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
