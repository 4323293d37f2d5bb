import Foundation
import TestSupport

/// Where the stack started by `scripts/dev test` listens; tests fail with this
/// message rather than skip when it is not there.
enum StackEnvironment {
    static var kafkaBootstrapServers: String { StackAddress().kafkaBootstrapServers }
    /// The stack's PostgreSQL (`PG_*`); a `PG_PORT` that is not a port number is an error naming it.
    static func postgres() throws -> PostgresSettings { try StackAddress().postgres() }

    static let hint = "start the local stack first: scripts/dev up (scripts/dev test does it for you)"

    /// The repository's root folder, found from this file's path.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
