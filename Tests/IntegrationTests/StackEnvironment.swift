import Foundation
import Settings
import TestSupport

/// Where the stack started by `scripts/dev test` listens; tests fail with this
/// message rather than skip when it is not there.
enum StackEnvironment {
    static let env = ProcessInfo.processInfo.environment

    static var kafkaBootstrapServers: String { StackAddress().kafkaBootstrapServers }
    static var pgHost: String { StackAddress().postgresHost }
    static var pgPort: Int { Int(env["PG_PORT"] ?? "") ?? StackDefaults.postgresPort }
    static var pgUser: String { StackAddress().postgresUser }
    static var pgPassword: String { StackAddress().postgresPassword }
    static var pgDatabase: String { StackAddress().postgresDatabase }

    static let hint = "start the local stack first: scripts/dev up (scripts/dev test does it for you)"

    /// The repository's root folder, found from this file's path.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
