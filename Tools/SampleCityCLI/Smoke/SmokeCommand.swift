import ArgumentParser
import AsyncHTTPClient
import Foundation
import Settings

/// `insurance-sample smoke`: the integration check a pipeline runs against a started
/// system, needing only its network endpoints. Exit status 0 when every check passed.
struct SmokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smoke",
        abstract: "Send a small sample city through the running services and check the coverage that comes out.",
        discussion: """
            Settings from the environment: SMOKE_ENROLLMENT_URL, SMOKE_BENEFITS_URL, SMOKE_ENROLLMENT_TOKEN, \
            SMOKE_BENEFITS_TOKEN, SMOKE_PERSONS (300), SMOKE_SEED (random), SMOKE_WAIT_SECONDS (120), \
            SMOKE_ON (2025-03-01), SMOKE_ANALYST_ROLE (insurance_analyst), PG_HOST, PG_PORT, PG_USER, \
            PG_PASSWORD, PG_DATABASE, KAFKA_BOOTSTRAP_SERVERS, KAFKA_TOPIC_*. Exit status 1 on any \
            difference or failure, 2 on a setting that cannot be used.
            """
    )

    func run() async throws {
        let environment = ServiceEnvironment()
        let settings: SmokeSettings
        do { settings = try SmokeSettings.fromEnvironment(environment) } catch {
            Self.say("smoke: cannot start: \(error)")
            throw ExitCode(2)
        }
        let started = ContinuousClock.now
        let header = [
            "smoke: \(settings.persons) persons (SMOKE_SEED=\(settings.seed)), enrollment \(settings.enrollmentURL), benefits \(settings.benefitsURL),",
            "       PostgreSQL \(settings.postgres.host):\(settings.postgres.port)/\(settings.postgres.database) as \(settings.analystRole), coverage on \(settings.reportOn)",
        ]
        header.forEach(Self.say)
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPClient.Configuration(timeout: .init(connect: .seconds(5), read: .seconds(60)))
        )
        let checks = await SmokeRun(settings: settings, environment: environment)
            .run(http: SmokeHTTP(client: client)) { Self.say("smoke: \($0)") }
        try? await client.shutdown()
        let report = SmokeReport(header: [], checks: checks, seconds: (ContinuousClock.now - started) / .seconds(1))
        Self.say(report.text)
        if !report.failed.isEmpty { throw ExitCode(1) }
    }

    /// Unbuffered, line by line even into a pipe: a pipeline log shows progress while the run waits.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
