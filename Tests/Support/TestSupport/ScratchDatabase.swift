import Foundation
import Logging
import PostgresNIO
import PostgresOnce

/// A database of its own for one test on the stack's PostgreSQL, the one scratch-database
/// helper of the test targets: `<prefix><random hex digits>`, created from the login's own
/// database and dropped `WITH (FORCE)` at the end, so tests never see each other's rows and
/// run in parallel with each other and with other engineers' tests.
///
/// Its own statements open a connection each (`PostgresOnce`): the system tests restart
/// PostgreSQL under the services, and the benefits tests run a hundred of these at once.
public struct ScratchDatabase: Sendable {
    /// Where the scratch database is: the server's login, `database` its name.
    public let settings: PostgresSettings
    /// The login's own database, from which the scratch database is created and dropped.
    public let server: PostgresSettings

    public var name: String { settings.database }

    public static let logger = Logger(label: "tests.scratch-database")

    /// Creates `<prefix><randomLength lowercase hex digits>` on `server`; a server that does not
    /// answer or refuses is a `StackUnavailable` saying how to start the stack.
    public static func create(prefix: String, randomLength: Int, on server: PostgresSettings) async throws -> ScratchDatabase {
        let random = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(randomLength)
        let name = prefix + random
        do {
            try await run(on: server) { connection in
                _ = try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
            }
        } catch let error as StackUnavailable {
            throw error
        } catch {
            throw StackUnavailable(server: server, doing: "refused CREATE DATABASE", underlying: error)
        }
        return ScratchDatabase(settings: server.with(database: name), server: server)
    }

    /// Creates a scratch database, runs `body` with it and drops it, also when `body` throws.
    public static func with<Result: Sendable>(
        prefix: String,
        randomLength: Int,
        on server: PostgresSettings,
        _ body: (ScratchDatabase) async throws -> Result
    ) async throws -> Result {
        let database = try await create(prefix: prefix, randomLength: randomLength, on: server)
        do {
            let result = try await body(database)
            try await database.drop()
            return result
        } catch {
            try? await database.drop()
            throw error
        }
    }

    /// Drops the database, ending the sessions that may still hold it (a service, a pool).
    /// Tried again while a connection to it is still starting: `WITH (FORCE)` cannot end a
    /// backend whose role is not known yet ("must be a member of the role whose process is
    /// being terminated", 42501), seen once in a loaded parallel run.
    public func drop() async throws {
        var attempt = 1
        while true {
            do {
                try await Self.run(on: server) { connection in
                    _ = try await connection.query(
                        PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"),
                        logger: Self.logger
                    )
                }
                return
            } catch let error as PSQLError where attempt < 5 && error.serverInfo?[.sqlState] == "42501" {
                attempt += 1
                try await Task.sleep(for: .milliseconds(200 * attempt))
            }
        }
    }

    /// As `drop()`, for a tear-down that goes on whatever happens: a failure is printed with
    /// the name of the database to remove by hand.
    public func dropReportingFailure() async {
        do {
            try await drop()
        } catch {
            print("tests: could not drop database \(name): \(String(reflecting: error))")
        }
    }

    /// Runs `body` on a connection of its own to the scratch database.
    public func run<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await Self.run(on: settings, body)
    }

    /// Runs `body` on a connection of its own to `settings`' database; one that cannot be
    /// opened is an error naming where it looked and the variables that say so.
    public static func run<T: Sendable>(on settings: PostgresSettings, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await PostgresOnce.with(
            settings,
            logger: logger,
            unreachable: { error in
                StackUnavailable(server: settings, doing: "cannot be reached", underlying: error)
            },
            body
        )
    }
}

/// The stack's PostgreSQL cannot serve the tests: say where the tests looked and how to start
/// the stack, rather than skip.
public struct StackUnavailable: Error, CustomStringConvertible {
    public let server: PostgresSettings
    public let doing: String
    public let underlying: any Error

    public var description: String {
        "PostgreSQL at \(server.host):\(server.port) (user \(server.user), database \(server.database)) \(doing): "
            + "\(String(reflecting: underlying)). PG_HOST, PG_PORT, PG_USER and PG_PASSWORD say where it is; "
            + "start the stack in this worktree: KAFKA_PORT=<port> PG_PORT=\(server.port) scripts/stack.sh up, and export PG_PORT to match."
    }
}
