import Foundation
import PostgresNIO
import Testing

@testable import Benefits

@Suite("Migrations")
struct MigrationTests {
    @Test("the bundled files load in version order")
    func bundledOrder() throws {
        let migrations = try Migration.bundled()
        #expect(migrations.map(\.version) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
        #expect(
            migrations.map(\.fileName) == [
                "0001_events.sql", "0002_coverage_and_bindings.sql", "0003_analyst_views.sql", "0004_family_authoriser_index.sql",
                "0005_dead_letter_error.sql", "0006_redrive_marker.sql", "0007_renewal_outlook.sql",
                "0008_family_binding_in_force_needs_coverage.sql", "0009_persons_fillfactor.sql", "0010_coverage_feed.sql",
                "0011_person_event_limit.sql",
            ]
        )
    }

    @Test("two migrators racing on an empty database both succeed and apply each file once")
    func race() async throws {
        try await TestDatabase.withFresh(migrated: false) { client, settings in
            let migrations = try Migration.bundled()
            // A second client: the two migrators hold separate connections, like two replicas.
            try await TestDatabase.withClient(settings) { other in
                async let first = Migrator(migrations: migrations).migrate(client)
                async let second = Migrator(migrations: migrations).migrate(other)
                let (a, b) = try await (first, second)
                #expect(Set(a).isDisjoint(with: b), "a file was applied by both: \(a) \(b)")
                #expect((a + b).sorted() == migrations.map(\.version))
            }
            #expect(try await TestDatabase.count("SELECT count(*) FROM schema_migrations", on: client) == migrations.count)
            #expect(try await TestDatabase.count("SELECT count(*) FROM coverage_periods", on: client) == 0)
            // Once migrated, another start applies nothing.
            #expect(try await Migrator(migrations: migrations).migrate(client) == [])
        }
    }

    @Test("a broken file stops start-up with an error naming the file and the database's message")
    func brokenFile() async throws {
        let folder = try MigrationStartTests.folder(files: [
            "0001_good.sql": "CREATE TABLE first_table (id int);",
            "0002_broken.sql": "CREATE TABLE second_table (id int);\nSELEC 1;",
        ])
        try await TestDatabase.withFresh(migrated: false) { client, _ in
            let migrator = Migrator(migrations: try Migration.load(from: folder))
            for _ in 0..<2 {
                do {
                    try await migrator.migrate(client)
                    Issue.record("the broken migration was accepted")
                } catch let error as MigrationError {
                    guard case .failed(let fileName, let message) = error else {
                        Issue.record("unexpected error \(error)")
                        continue
                    }
                    #expect(fileName == "0002_broken.sql")
                    #expect(message.contains("syntax error at or near \"SELEC\""), "message: \(message)")
                    #expect(error.description.hasPrefix("migration 0002_broken.sql failed: syntax error"))
                }
            }
            let versions = try await client.query("SELECT version FROM schema_migrations ORDER BY version")
            var applied: [Int] = []
            for try await version in versions.decode(Int.self) { applied.append(version) }
            #expect(applied == [1])
            // The broken file's transaction left nothing behind.
            #expect(try await TestDatabase.count("SELECT count(*) FROM pg_tables WHERE tablename = 'second_table'", on: client) == 0)
        }
    }

    @Test("an applied file whose text changed is an error")
    func changedFile() async throws {
        let folder = try MigrationStartTests.folder(files: ["0001_good.sql": "CREATE TABLE first_table (id int);"])
        try await TestDatabase.withFresh(migrated: false) { client, _ in
            try await Migrator(migrations: try Migration.load(from: folder)).migrate(client)
            try "CREATE TABLE first_table (id bigint);".write(
                to: folder.appendingPathComponent("0001_good.sql"),
                atomically: true,
                encoding: .utf8
            )
            await #expect {
                try await Migrator(migrations: try Migration.load(from: folder)).migrate(client)
            } throws: { error in
                guard case .checksumChanged(let fileName, let applied, let current) = error as? MigrationError else { return false }
                return fileName == "0001_good.sql" && applied != current
            }
        }
    }

    @Test("file names must carry a version", arguments: ["good.sql", "x1_good.sql", "0001good.sql"])
    func badName(fileName: String) throws {
        let folder = try MigrationStartTests.folder(files: [fileName: "SELECT 1;"])
        #expect(throws: MigrationError.badFileName(fileName: fileName)) {
            try Migration.load(from: folder)
        }
    }
}
