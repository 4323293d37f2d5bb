import ChildProcess
import Foundation
import Testing

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The helper every test uses to run scripts and CLIs: waiting for a child must not take a
/// thread of Swift's cooperative pool, and a child that hangs is stopped by its own PID.
@Suite("Child processes off the cooperative pool")
struct ChildProcessTests {
    @Test("output and exit status come back; a missing program is a clear error")
    func outcome() async throws {
        let outcome = try await ChildProcess.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"], timeout: .seconds(30))
        #expect(outcome.status == 3)
        #expect(outcome.output.contains("out") && outcome.output.contains("err"), "\(outcome.output)")
        let quiet = try await ChildProcess.run("/bin/sh", ["-c", "echo out; echo err >&2"], output: .standardOutput, timeout: .seconds(30))
        #expect(quiet.output == "out\n")
        await #expect(throws: ChildProcessError.self) {
            try await ChildProcess.run("/nonexistent/program", timeout: .seconds(5))
        }
    }

    @Test("a child that outlives its timeout is killed by its PID")
    func timeoutStopsTheChild() async throws {
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString).pid")
        defer { try? FileManager.default.removeItem(at: pidFile) }
        let started = ContinuousClock.now
        await #expect(throws: ChildProcessError.self) {
            try await ChildProcess.run("/bin/sh", ["-c", "echo $$ > \(pidFile.path); exec sleep 60"], timeout: .seconds(1))
        }
        // The child sleeps 60 s: ending well before that shows the timeout ended the wait (the
        // margin is wide because a full parallel run can keep this machine's two cores busy).
        #expect(ContinuousClock.now - started < .seconds(45), "the timeout did not end the wait")
        let pid = try #require(pid_t(String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(pid, 0) != 0 && errno == ESRCH, "child \(pid) still exists after its timeout")
    }

    /// Four children waited on at once, twice as many as this machine's pool has threads:
    /// had each wait blocked a pool thread, a 200 ms sleep started beside them could end only
    /// after the children's waits returned. Ordering, not a time bound, is checked, so other
    /// suites keeping the pool busy in a parallel run delay both sides alike.
    @Test("waiting for children leaves the pool free for other tasks")
    func waitsDoNotHoldPoolThreads() async throws {
        enum Finished: Sendable {
            case child(ContinuousClock.Instant)
            case sleep(ContinuousClock.Instant)
        }
        try await withThrowingTaskGroup(of: Finished.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let outcome = try await ChildProcess.run("/bin/sleep", ["8"], timeout: .seconds(60))
                    #expect(outcome.status == 0)
                    return .child(ContinuousClock.now)
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(200))
                return .sleep(ContinuousClock.now)
            }
            var sleepEnded: ContinuousClock.Instant?
            var firstChildReturned: ContinuousClock.Instant?
            for try await result in group {
                switch result {
                case .sleep(let at): sleepEnded = at
                case .child(let at): firstChildReturned = min(firstChildReturned ?? at, at)
                }
            }
            let sleep = try #require(sleepEnded)
            let child = try #require(firstChildReturned)
            #expect(sleep < child, "the 200 ms sleep ended only after a child's wait returned: the waits held the pool")
        }
    }
}
