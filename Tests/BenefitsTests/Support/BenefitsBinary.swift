import Benefits
import ChildProcess
import Foundation

/// The built `benefits-service` executable, run as an operator runs it.
enum BenefitsBinary {
    /// `.build/debug/benefits-service` of this checkout (or `SYSTEM_TESTS_BIN_DIR`), built with the tests.
    static var path: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
        let directory = ProcessInfo.processInfo.environment["SYSTEM_TESTS_BIN_DIR"] ?? "\(root)/.build/debug"
        return "\(directory)/benefits-service"
    }

    /// Runs the command on `database` with nothing else of the test's environment but `PATH`
    /// and `extra`; stdout and stderr together.
    static func run(
        _ arguments: [String],
        database: DatabaseSettings,
        extra: [String: String] = [:]
    ) async throws -> ChildProcess.Outcome {
        var environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "PG_HOST": database.host, "PG_PORT": String(database.port), "PG_USER": database.username,
            "PG_PASSWORD": database.password, "PG_DATABASE": database.database, "LOG_LEVEL": "warning",
        ]
        environment.merge(extra) { _, new in new }
        return try await ChildProcess.run(path, arguments, environment: environment, output: .standardOutputAndError, timeout: .seconds(120))
    }
}
