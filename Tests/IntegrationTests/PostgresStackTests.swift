import Logging
import PostgresNIO
import TestSupport
import Testing

@Suite("Local PostgreSQL")
struct PostgresStackTests {
    @Test("the services' login reaches the project's cluster over TCP")
    func connects() async throws {
        let postgres = try StackEnvironment.postgres()
        let config = PostgresClient.Configuration(
            host: postgres.host,
            port: postgres.port,
            username: postgres.user,
            password: postgres.password,
            database: postgres.database,
            tls: .disable
        )
        let client = PostgresClient(configuration: config, backgroundLogger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let rows = try await client.query("SELECT current_database(), current_setting('server_version_num')::int")
            var seen = false
            for try await (database, version) in rows.decode((String, Int).self) {
                #expect(database == postgres.database)
                #expect(version >= 150000, "PostgreSQL 15 or later expected, got \(version)")
                seen = true
            }
            #expect(seen, "no row came back; \(StackEnvironment.hint)")
        }
    }
}
