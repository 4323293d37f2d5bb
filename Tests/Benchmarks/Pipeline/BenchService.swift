#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HummingbirdTesting

/// A service binary the pipeline bench runs as a child process, stopped by its PID.
struct BenchService: Sendable {
    let name: String
    let pid: pid_t
    let logPath: String

    /// Spawns `executable serve` with `environment`, output to `logPath`, and waits for `/ready`.
    static func start(name: String, executable: String, environment: [String: String], port: Int, logPath: String) async throws -> BenchService {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw BenchError("no \(name) at \(executable): swift build (all products) first")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(executable), strdup("serve"), nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard code == 0 else { throw BenchError("could not start \(name): \(String(cString: strerror(code)))") }
        let service = BenchService(name: name, pid: pid, logPath: logPath)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            guard service.isRunning else { throw BenchError("\(name) exited at start; see \(logPath)") }
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

    var isRunning: Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// Peak resident set (VmHWM) in MiB, read while the process runs.
    var peakMemoryMiB: Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kib / 1024
    }

    /// SIGTERM, SIGKILL after 15 s.
    func stop() async {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            if !isRunning { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
        kill(pid, SIGKILL)
        while isRunning { try? await Task.sleep(for: .milliseconds(50)) }
    }
}

/// A benchmark that could not run, with what to do about it.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
