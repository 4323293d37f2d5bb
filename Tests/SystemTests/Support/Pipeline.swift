import ChildProcess
import Foundation
import TestSupport

/// Both services as child processes over a database and topics of their own: one
/// test's whole pipeline. Ports stay the same across restarts so clients keep going.
final class Pipeline: Sendable {
    let stack: SystemStack
    let database: ScratchDatabase
    let topics: TopicSet
    let groupID: String
    let benefitsPort: Int
    let enrollmentPort: Int
    let runName: String
    private let processes = ProcessTable()

    private init(stack: SystemStack, database: ScratchDatabase, topics: TopicSet, runName: String) throws {
        self.stack = stack
        self.database = database
        self.topics = topics
        self.runName = runName
        self.groupID = "\(runName).benefits"
        self.benefitsPort = try SystemStack.freePort()
        self.enrollmentPort = try SystemStack.freePort()
    }

    /// A fresh database and topics named after `name` plus a random suffix.
    static func prepare(_ name: String) async throws -> Pipeline {
        let stack = try SystemStack.fromEnvironment()
        let runName = "sys-\(name)-\(UUID().uuidString.prefix(8).lowercased())"
        let database = try await ScratchDatabase.create(prefix: "sys_", randomLength: 16, on: stack.postgres)
        do {
            let topics = try await TopicSet.create(prefix: runName, bootstrapServers: stack.bootstrapServers)
            return try Pipeline(stack: stack, database: database, topics: topics, runName: runName)
        } catch {
            await database.dropReportingFailure()
            throw error
        }
    }

    var benefitsEnvironment: [String: String] { benefitsEnvironment(databasePort: nil) }

    /// The tokens the services are started with: real configured tokens, as in production
    /// (no development mode), so the system tests go through the same doors callers do.
    static let enrollmentToken = "system-tests-sender"
    static let benefitsToken = "system-tests-reader"

    /// `databasePort`: where the service finds PostgreSQL, when not at the stack's own port (a proxy).
    func benefitsEnvironment(databasePort: Int?) -> [String: String] {
        var environment = commonEnvironment
        environment["BENEFITS_HOST"] = "127.0.0.1"
        environment["BENEFITS_PORT"] = String(benefitsPort)
        environment["BENEFITS_GROUP_ID"] = groupID
        environment["BENEFITS_TOKENS"] = "system-tests:\(Self.benefitsToken)"
        environment["KAFKA_GROUP_ID"] = groupID
        environment["KAFKA_CLIENT_ID"] = "\(runName).benefits"
        let pg = database.settings
        environment["PG_HOST"] = pg.host
        environment["PG_PORT"] = String(databasePort ?? pg.port)
        environment["PG_USER"] = pg.user
        environment["PG_PASSWORD"] = pg.password
        environment["PG_DATABASE"] = pg.database
        return environment
    }

    var enrollmentEnvironment: [String: String] {
        var environment = commonEnvironment
        environment["ENROLLMENT_HOST"] = "127.0.0.1"
        environment["ENROLLMENT_PORT"] = String(enrollmentPort)
        environment["ENROLLMENT_MAX_BATCH"] = "1000"
        environment["ENROLLMENT_TOKENS"] = "system-tests:\(Self.enrollmentToken):*"
        environment["KAFKA_CLIENT_ID"] = "\(runName).enrollment"
        return environment
    }

    /// What both services get: the broker, the test's topics, quiet logs and the local
    /// broker's latency settings (Tansu holds JoinGroup for half the session timeout).
    private var commonEnvironment: [String: String] {
        var environment = topics.environment
        let inherited = ProcessInfo.processInfo.environment
        for name in ["PATH", "HOME", "LD_LIBRARY_PATH", "TMPDIR"] { environment[name] = inherited[name] }
        environment["KAFKA_BOOTSTRAP_SERVERS"] = stack.bootstrapServers
        environment["KAFKA_SESSION_TIMEOUT_MS"] = "6000"
        environment["KAFKA_FETCH_WAIT_MAX_MS"] = "50"
        environment["LOG_LEVEL"] = inherited["SYSTEM_TESTS_LOG_LEVEL"] ?? "warning"
        return environment
    }

    /// Starts (or restarts) the benefits service and waits until it answers `/ready`;
    /// `adding`: further variables (tracing's, say).
    @discardableResult
    func startBenefits(databasePort: Int? = nil, adding extra: [String: String] = [:]) async throws -> ServiceProcess {
        try await start(
            "benefits-service",
            arguments: ["serve"],
            environment: benefitsEnvironment(databasePort: databasePort).merging(extra) { $1 },
            port: benefitsPort
        )
    }

    @discardableResult
    func startEnrollment(adding extra: [String: String] = [:]) async throws -> ServiceProcess {
        try await start(
            "enrollment-service",
            arguments: ["serve"],
            environment: enrollmentEnvironment.merging(extra) { $1 },
            port: enrollmentPort
        )
    }

    func running(_ name: String) -> ServiceProcess? { processes.current(name) }

    private func start(_ name: String, arguments: [String], environment: [String: String], port: Int) async throws -> ServiceProcess {
        let process = try ServiceProcess.launch(
            name: name,
            executable: stack.binary(name),
            arguments: arguments,
            environment: environment,
            logPath: "\(stack.logDirectory)/\(runName).\(name).log"
        )
        processes.record(process)
        try await waitUntilReady(process, port: port, timeout: .seconds(60))
        return process
    }

    private func waitUntilReady(_ process: ServiceProcess, port: Int, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = "no answer"
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw SystemTestError("\(process.name) exited before it was ready; its log:\n\(process.logTail())")
            }
            if let answer = try? await HTTPCall.get(port: port, "/ready") {
                if answer.status == 200 { return }
                last = "\(answer.status) \(answer.body.prefix(200))"
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw SystemTestError("\(process.name) not ready on port \(port) within \(timeout) (last: \(last)); its log:\n\(process.logTail())")
    }

    /// Polls the tables until they equal the direct answer; returns the remaining
    /// differences (empty on success) once `timeout` has passed.
    func waitForTables(toEqual expected: ExpectedOutcome, timeout: Duration) async throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        var differences = ["tables never read"]
        while ContinuousClock.now < deadline {
            // While rows are still missing (or the tables do not exist yet) the counts say so cheaply.
            let counts = try? await TableCounts.read(from: database)
            guard let counts, counts.mayEqual(expected) else {
                if let counts {
                    differences = [
                        "events \(counts.events) of \(expected.validIdentities.count) rows, rejected_events \(counts.rejected) of \(expected.refusedCount)"
                    ]
                }
                try await Task.sleep(for: .milliseconds(500))
                continue
            }
            if let snapshot = try? await TableSnapshot.read(from: database) {
                differences = snapshot.differences(from: expected)
                if differences.isEmpty { return [] }
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        return differences
    }

    /// Stops every process this pipeline started (SIGTERM, SIGKILL after a bound) and
    /// drops the database. Topics stay: they live in the broker's memory until it stops.
    func tearDown() async {
        for process in processes.all { await process.terminate(timeout: .seconds(15)) }
        await database.dropReportingFailure()
    }

    /// The services' log tails, for a failure message.
    var logs: String {
        processes.latestByName.map { "--- \($0.name) (pid \($0.pid)):\n\($0.logTail(lines: 15))" }.joined(separator: "\n")
    }
}
