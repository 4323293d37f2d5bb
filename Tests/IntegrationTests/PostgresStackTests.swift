import Logging
import PostgresNIO
import Testing

@Suite("Local PostgreSQL")
struct PostgresStackTests {
    @Test("the services' login reaches the project's cluster over TCP")
    func connects() async throws {
        let config = PostgresClient.Configuration(
            host: StackEnvironment.pgHost,
            port: StackEnvironment.pgPort,
            username: StackEnvironment.pgUser,
            password: StackEnvironment.pgPassword,
            database: StackEnvironment.pgDatabase,
            tls: .disable
        )
        let client = PostgresClient(configuration: config, backgroundLogger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let rows = try await client.query("SELECT current_database(), current_setting('server_version_num')::int")
            var seen = false
            for try await (database, version) in rows.decode((String, Int).self) {
                #expect(database == StackEnvironment.pgDatabase)
                #expect(version >= 150000, "PostgreSQL 15 or later expected, got \(version)")
                seen = true
            }
            #expect(seen, "no row came back; \(StackEnvironment.hint)")
        }
    }
}
