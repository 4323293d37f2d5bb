import Benefits
import Logging
import PostgresNIO

/// Scratch database of one bench run, and short-lived clients on it.
enum BenchDatabase {
    static func withClient<T: Sendable>(_ settings: DatabaseSettings, _ body: (PostgresClient) async throws -> T) async throws -> T {
        let client = PostgresClient(configuration: settings.clientConfiguration, backgroundLogger: Logger(label: "bench"))
        return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    /// Runs `body` on a client of a new database (`<prefix>_<random>`), dropped afterwards whatever happens.
    static func withScratch<T: Sendable>(
        _ server: DatabaseSettings,
        prefix: String,
        _ body: (PostgresClient) async throws -> T
    ) async throws -> T {
        let name = "\(prefix)_\(UInt32.random(in: 0...UInt32.max))"
        try await create(name, on: server)
        do {
            let result = try await withClient(server.with(database: name), body)
            await drop(name, on: server)
            return result
        } catch {
            await drop(name, on: server)
            throw error
        }
    }

    static func create(_ name: String, on server: DatabaseSettings) async throws {
        _ = try await withClient(server) { try await $0.query("CREATE DATABASE \(unescaped: name)") }
    }

    static func drop(_ name: String, on server: DatabaseSettings) async {
        _ = try? await withClient(server) { try await $0.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)") }
    }

    /// The name of the database `client` is connected to.
    static func name(of client: PostgresClient) async throws -> String {
        for try await name in try await client.query("SELECT current_database()::text").decode(String.self) { return name }
        throw BenchError("the server did not name its database")
    }

    /// Rows in `events` and `rejected_events`; throws before the service has created them.
    static func counts(_ client: PostgresClient) async throws -> (events: Int, rejected: Int) {
        let rows = try await client.query(
            """
            SELECT (SELECT count(*) FROM events)::int8, (SELECT count(*) FROM rejected_events)::int8
            """
        )
        for try await (events, rejected) in rows.decode((Int, Int).self) { return (events, rejected) }
        return (0, 0)
    }
}
