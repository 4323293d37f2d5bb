import Foundation
import Settings

/// Where the stack started by `scripts/dev test` listens; tests fail with this
/// message rather than skip when it is not there.
enum StackEnvironment {
    static let env = ProcessInfo.processInfo.environment

    static var kafkaBootstrapServers: String { env["KAFKA_BOOTSTRAP_SERVERS"] ?? StackDefaults.kafkaBootstrapServers }
    static var pgHost: String { env["PG_HOST"] ?? "127.0.0.1" }
    static var pgPort: Int { Int(env["PG_PORT"] ?? "") ?? StackDefaults.postgresPort }
    static var pgUser: String { env["PG_USER"] ?? "insurance" }
    static var pgPassword: String { env["PG_PASSWORD"] ?? "insurance" }
    static var pgDatabase: String { env["PG_DATABASE"] ?? "insurance" }

    static let hint = "start the local stack first: scripts/dev up (scripts/dev test does it for you)"

    /// The repository's root folder, found from this file's path.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
