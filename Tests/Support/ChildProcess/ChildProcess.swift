import Foundation

/// Runs a helper program (a script, the Tansu CLI, a browser) to completion without
/// blocking Swift's cooperative thread pool.
///
/// The pool has as many threads as cores (two here); `Process.waitUntilExit`,
/// `readDataToEndOfFile` or a synchronous sleep on one of them starves every other
/// test's `Task.sleep` and network I/O. Here the wait is a continuation resumed by
/// `terminationHandler`, the output goes to a file (a grandchild that inherits a pipe,
/// such as a server the script starts, could hold it open forever), and a Dispatch
/// timer kills the child (SIGKILL) by its PID when it outlives the timeout.
public enum ChildProcess {
    /// Where the child's output goes.
    public enum Output: Sendable {
        /// Both streams to /dev/null.
        case discard
        /// Standard output kept, standard error to /dev/null.
        case standardOutput
        /// Standard output kept, standard error on the test's own (for a benchmark's diagnostics).
        case standardOutputPassingErrorsThrough
        /// Both streams kept, interleaved as the child wrote them.
        case standardOutputAndError
    }

    /// How a child ended.
    public struct Outcome: Sendable {
        public let status: Int32
        /// What the child wrote, as `Output` asked (empty for `.discard`).
        public let output: String
    }

    /// Runs `executable` with `arguments` and waits until it exits. `environment` nil:
    /// the test's own environment. Throws `ChildProcessError` when it cannot start or
    /// outlives `timeout` (it is then killed); a non-zero exit status is an outcome.
    public static func run(
        _ executable: String,
        _ arguments: [String] = [],
        environment: [String: String]? = nil,
        output: Output = .standardOutputAndError,
        timeout: Duration
    ) async throws -> Outcome {
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString).out")
        guard FileManager.default.createFile(atPath: outputFile.path, contents: nil) else {
            throw ChildProcessError(executable: executable, problem: "cannot create \(outputFile.path) for its output")
        }
        defer { try? FileManager.default.removeItem(at: outputFile) }
        let outputHandle = try FileHandle(forWritingTo: outputFile)
        defer { try? outputHandle.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output == .discard ? FileHandle.nullDevice : outputHandle
        switch output {
        case .discard, .standardOutput: process.standardError = FileHandle.nullDevice
        case .standardOutputPassingErrorsThrough: process.standardError = FileHandle.standardError
        case .standardOutputAndError: process.standardError = outputHandle
        }

        let watch = ExitWatch()
        let status: Int32 = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
                process.terminationHandler = { ended in
                    watch.exited()
                    continuation.resume(returning: ended.terminationStatus)
                }
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: ChildProcessError(executable: executable, problem: "cannot start: \(error)"))
                    return
                }
                watch.started(pid: process.processIdentifier)
                watch.killAfter(timeout)
            }
        } onCancel: {
            watch.killChild()
        }
        let text = output == .discard ? "" : String(decoding: (try? Data(contentsOf: outputFile)) ?? Data(), as: UTF8.self)
        if watch.wasKilledForTimeout {
            throw ChildProcessError(
                executable: executable,
                problem: "did not finish within \(timeout) and was killed; its output: \(text.suffix(2_000))"
            )
        }
        try Task.checkCancellation()
        return Outcome(status: status, output: text)
    }
}
