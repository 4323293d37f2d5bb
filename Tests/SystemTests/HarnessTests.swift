import Foundation
import Logging
import PostgresNIO
import SampleCity
import Testing

extension SystemSuites {
    /// The harness itself against the real stack: what the system tests rely on must work
    /// before their verdicts mean anything.
    @Suite("System harness", .serialized, .timeLimit(.minutes(3)))
    struct HarnessTests {
        @Test("a service is started, answers /ready, is SIGKILLed and restarted on the same port")
        func serviceLifecycle() async throws {
            try await Pipeline.with("harness") { pipeline in
                let first = try await pipeline.startEnrollment()
                #expect(first.isRunning)
                await first.kill()
                #expect(!first.isRunning)
                let second = try await pipeline.startEnrollment()
                #expect(second.pid != first.pid)
                let answer = try await HTTPCall.get(port: pipeline.enrollmentPort, "/ready")
                #expect(answer.status == 200)
                #expect(await second.terminate(timeout: .seconds(20)), "SIGTERM stops the service cleanly:\n\(second.logTail())")
            }
        }

        @Test("the broker is frozen during a pause and running after it; a send made during the pause is acknowledged")
        func brokerPause() async throws {
            try await Pipeline.with("pause") { pipeline in
                let stack = pipeline.stack
                let pid = try stack.brokerPID()
                let feed = try EventFeed(bootstrapServers: stack.bootstrapServers, topics: pipeline.topics)
                async let pause: Void = stack.pauseBroker(for: .seconds(3))
                try await Task.sleep(for: .milliseconds(300))
                #expect(try Self.processState(pid) == "T", "the broker is stopped while paused")
                let city = SampleCity(SampleCityOptions(persons: 5, seed: 42))
                try await feed.publish(Array(city.events))
                try await pause
                #expect(try Self.processState(pid) != "T", "the broker runs again after the pause")
                await feed.close()
            }
        }

        @Test("PostgreSQL restarts and a test database is readable again afterwards")
        func postgresRestart() async throws {
            try await Pipeline.with("pg") { pipeline in
                let logger = Logger(label: "harness")
                try await pipeline.database.run { connection in
                    try await connection.query("CREATE TABLE mark (n int)", logger: logger)
                    try await connection.query("INSERT INTO mark VALUES (7)", logger: logger)
                }
                let before = try await pipeline.database.run { connection in
                    try await connection.query("SELECT pg_postmaster_start_time()::text", logger: logger).collect().first?.decode(String.self)
                }
                try await pipeline.stack.restartPostgres()
                let (after, mark) = try await pipeline.database.run { connection in
                    let started = try await connection.query("SELECT pg_postmaster_start_time()::text", logger: logger).collect().first?.decode(
                        String.self
                    )
                    let mark = try await connection.query("SELECT n FROM mark", logger: logger).collect().first?.decode(Int.self)
                    return (started, mark)
                }
                #expect(before != nil && after != nil && before != after, "the server was restarted")
                #expect(mark == 7)
            }
        }

        /// The state letter of /proc/PID/stat (R, S, T for stopped...).
        static func processState(_ pid: Int32) throws -> String {
            let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
            guard let close = stat.lastIndex(of: ")") else { throw SystemTestError("unreadable /proc/\(pid)/stat") }
            return String(stat[stat.index(close, offsetBy: 2)])
        }
    }
}
