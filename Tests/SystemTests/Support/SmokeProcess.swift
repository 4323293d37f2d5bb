import ChildProcess
import Foundation

/// `insurance-sample smoke` as a child process against one pipeline's services, database
/// and topics, its output in a log file (the report is read back from there).
struct SmokeProcess: Sendable {
    let process: ServiceProcess

    /// `enrollmentURL`: somewhere else than the pipeline's enrollment service (a stand-in).
    static func launch(
        against pipeline: Pipeline,
        waitSeconds: Int,
        persons: Int = 300,
        seed: UInt64? = nil,
        enrollmentURL: String? = nil
    ) throws -> SmokeProcess {
        var environment = pipeline.topics.environment
        let inherited = ProcessInfo.processInfo.environment
        for name in ["PATH", "HOME", "LD_LIBRARY_PATH", "TMPDIR"] { environment[name] = inherited[name] }
        let pg = pipeline.database.settings
        environment["PG_HOST"] = pg.host
        environment["PG_PORT"] = String(pg.port)
        environment["PG_USER"] = pg.user
        environment["PG_PASSWORD"] = pg.password
        environment["PG_DATABASE"] = pg.database
        environment["KAFKA_BOOTSTRAP_SERVERS"] = pipeline.stack.bootstrapServers
        environment["SMOKE_ENROLLMENT_URL"] = enrollmentURL ?? "http://127.0.0.1:\(pipeline.enrollmentPort)"
        if let seed { environment["SMOKE_SEED"] = String(seed) }
        environment["SMOKE_BENEFITS_URL"] = "http://127.0.0.1:\(pipeline.benefitsPort)"
        environment["SMOKE_PERSONS"] = String(persons)
        // The services run with real tokens (no development mode), as in compose.
        environment["SMOKE_ENROLLMENT_TOKEN"] = Pipeline.enrollmentToken
        environment["SMOKE_BENEFITS_TOKEN"] = Pipeline.benefitsToken
        environment["SMOKE_WAIT_SECONDS"] = String(waitSeconds)
        let process = try ServiceProcess.launch(
            name: "insurance-sample smoke",
            executable: pipeline.stack.binary("insurance-sample"),
            arguments: ["smoke"],
            environment: environment,
            logPath: "\(pipeline.stack.logDirectory)/\(pipeline.runName).smoke.log"
        )
        return SmokeProcess(process: process)
    }

    var output: String { (try? String(contentsOfFile: process.logPath, encoding: .utf8)) ?? "" }

    /// Waits until the output contains `text` (false after `timeout`).
    func waitForOutput(_ text: String, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if output.contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}
