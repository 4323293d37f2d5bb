import Foundation
import Logging
import PostgresNIO
import TestSupport

@testable import Benefits

/// A database of its own for each test (`test_<random>`, TestSupport's `ScratchDatabase`),
/// created with the services' login and dropped afterwards, so tests run in parallel with each
/// other and with other engineers' tests; here it is migrated and served by a `PostgresClient`
/// with the benefits service's `DatabaseSettings`.
enum TestDatabase {
    static let logger = Logger(label: "benefits-tests")

    /// Creating and migrating a database is the heavy part of a test's setup: a parallel run
    /// starts a hundred at once, and on two cores connections then waited past their 10 s
    /// connect limit. A few at a time keeps the server answering; the tests' bodies still run
    /// in parallel.
    static let setupSlots = Slots(count: 6)

    static func settings() throws -> DatabaseSettings {
        try DatabaseSettings.fromEnvironment()
    }

    /// Runs `body` against a fresh database, migrated unless `migrated` is false.
    @discardableResult
    static func withFresh<Result: Sendable>(
        migrated: Bool = true,
        _ body: (PostgresClient, DatabaseSettings) async throws -> Result
    ) async throws -> Result {
        let admin = try settings()
        let server = PostgresSettings(
            host: admin.host,
            port: admin.port,
            user: admin.username,
            password: admin.password,
            database: admin.database
        )
        let scratch = try await setupSlots.withSlot {
            try await ScratchDatabase.create(prefix: "test_", randomLength: 20, on: server)
        }
        let settings = admin.with(database: scratch.name)
        do {
            let result = try await withClient(settings) { client in
                if migrated { try await setupSlots.withSlot { try await migrate(client) } }
                return try await body(client, settings)
            }
            try await scratch.drop()
            return result
        } catch {
            try? await scratch.drop()
            throw error
        }
    }

    /// The bundled migrations, tried again when PostgreSQL reports a concurrent change of a
    /// cluster-wide catalog row: the migrations grant to the analyst role, and dozens of test
    /// databases migrate at once in a parallel run ("tuple concurrently updated", deadlock).
    static func migrate(_ client: PostgresClient) async throws {
        var attempt = 1
        while true {
            do {
                _ = try await Migrator(migrations: try Migration.bundled()).migrate(client)
                return
            } catch let error as PSQLError where attempt < 4 {
                let code = PostgresError.Code(raw: error.serverInfo?[.sqlState] ?? "")
                let transient: [PostgresError.Code] = [.internalError, .serializationFailure, .deadlockDetected]
                guard transient.contains(code) else { throw error }
                attempt += 1
                try await Task.sleep(for: .milliseconds(100 * attempt))
            }
        }
    }

    /// A running client for the settings, for the body's duration.
    static func withClient<Result: Sendable>(
        _ settings: DatabaseSettings,
        _ body: (PostgresClient) async throws -> Result
    ) async throws -> Result {
        let client = PostgresClient(configuration: settings.clientConfiguration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    /// One integer from a query (`SELECT count(*) …`).
    ///
    /// Read the way the services read (`PostgresClient.rows`, ended when its connection closes),
    /// and tried again on a connection the server had ended: tests end backends on purpose, and
    /// PostgresNIO may lease a pooled connection the server has just ended before it notices.
    /// A statement written on it then waits forever (see `PostgresConnection.endingOnClose`):
    /// a CI run of `ConnectionLossTests` hung so in its last count.
    static func count(_ query: PostgresQuery, on client: PostgresClient) async throws -> Int {
        var attempt = 1
        while true {
            do {
                return try await client.rows(query, decoding: Int.self, logger: logger).first ?? 0
            } catch is ConnectionClosed where attempt < 5 {
                attempt += 1
                try await Task.sleep(for: .milliseconds(50 * attempt))
            }
        }
    }
}
