import Foundation
import Logging
import PostgresNIO
import PostgresOnce

/// A database of its own for one test (`sys_<random>`), so tests never see each
/// other's rows; dropped at the end. Every call opens a fresh connection: the
/// tests restart PostgreSQL under the services, and a reader must not care.
struct TestDatabase: Sendable {
    let settings: PostgresSettings
    private static let logger = Logger(label: "system-tests.postgres")

    static func create(on server: PostgresSettings) async throws -> TestDatabase {
        let name = "sys_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        try await run(on: server) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        return TestDatabase(settings: server.with(database: String(name)))
    }

    /// Drops the database, ending the sessions of services that may still hold it.
    func drop(server: PostgresSettings) async {
        do {
            try await Self.run(on: server) { connection in
                try await connection.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(settings.database) WITH (FORCE)"), logger: Self.logger)
            }
        } catch {
            // Tear-down goes on; the name says which database to remove by hand.
            print("system tests: could not drop database \(settings.database): \(String(reflecting: error))")
        }
    }

    func run<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await Self.run(on: settings, body)
    }

    static func run<T: Sendable>(on settings: PostgresSettings, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await PostgresOnce.with(
            settings,
            logger: logger,
            unreachable: { error in
                SystemTestError(
                    "cannot reach PostgreSQL at \(settings.host):\(settings.port) database \(settings.database) (PG_HOST, PG_PORT, PG_USER, PG_PASSWORD): \(String(reflecting: error))"
                )
            },
            body
        )
    }
}
