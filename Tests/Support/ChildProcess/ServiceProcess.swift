import Foundation

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A service binary (or script) running as a child process of a test or benchmark, stopped only by its PID.
///
/// Spawned with `posix_spawn` so the handle is a plain PID (a `Sendable` value) and
/// the child's output goes to a log file the test prints when something fails.
public struct ServiceProcess: Sendable {
    public let name: String
    public let pid: pid_t
    public let logPath: String

    /// Starts `executable` with exactly `environment` (nothing inherited but what the
    /// caller copies in), stdout and stderr appended to `logPath`.
    public static func launch(
        name: String,
        executable: String,
        arguments: [String],
        environment: [String: String],
        logPath: String
    ) throws -> ServiceProcess {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ChildProcessError(
                executable: executable,
                problem: "\(name): no executable here: build all products first (swift build --build-tests)"
            )
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard code == 0 else {
            throw ChildProcessError(executable: executable, problem: "\(name): posix_spawn failed: \(String(cString: strerror(code)))")
        }
        return ServiceProcess(name: name, pid: pid, logPath: logPath)
    }

    /// Whether the child still runs; reaps it when it has exited.
    public var isRunning: Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// SIGTERM, then waits up to `timeout` for a clean exit; SIGKILL after that.
    /// Returns whether the process exited by itself within the bound.
    @discardableResult
    public func terminate(timeout: Duration = .seconds(20)) async -> Bool {
        guard isRunning else { return true }
        sendSignal(pid, SIGTERM)
        if await waitForExit(timeout: timeout) { return true }
        await kill()
        return false
    }

    /// SIGKILL: the crash the services must survive. Waits until the child is reaped.
    public func kill() async {
        guard isRunning else { return }
        sendSignal(pid, SIGKILL)
        _ = await waitForExit(timeout: .seconds(10))
    }

    /// Waits for a short-lived child and returns its exit status (nil: still running after
    /// `timeout`, then killed).
    public func exitStatus(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { return (status >> 8) & 0xff }
            if reaped < 0 { return nil }
            try? await Task.sleep(for: .milliseconds(50))
        }
        await kill()
        return nil
    }

    public func waitForExit(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !isRunning { return true }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return !isRunning
    }

    /// The last lines of the child's log, for failure messages (services never log citizen IDs).
    /// A crash's cause comes first: the backtrace that follows it would push it out of the tail.
    public func logTail(lines: Int = 30) -> String {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return "(no log at \(logPath))" }
        let all = text.split(separator: "\n", omittingEmptySubsequences: false)
        let causes = all.filter { $0.contains("Fatal error:") || $0.contains("*** Program crashed") }.map { $0.prefix(500) }
        let tail = all.suffix(lines).joined(separator: "\n")
        return causes.isEmpty ? tail : "crashed:\n\(causes.joined(separator: "\n"))\n…\n\(tail)"
    }

    /// Peak resident memory (VmHWM) in KiB from /proc, while the process runs.
    public var peakMemoryKiB: Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return nil }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }
}

/// The C library's `kill(2)` (a method called `kill` hides the global function).
private func sendSignal(_ pid: pid_t, _ signal: Int32) {
    #if canImport(Darwin)
    _ = Darwin.kill(pid, signal)
    #elseif canImport(Glibc)
    _ = Glibc.kill(pid, signal)
    #elseif canImport(Musl)
    _ = Musl.kill(pid, signal)
    #endif
}
