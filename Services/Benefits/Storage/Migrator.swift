import Logging
import PostgresNIO

/// Brings a database's schema up to date at start-up.
///
/// Replicas may start together: the work runs under a PostgreSQL advisory lock, so one applies
/// the files and the others then find them applied. Each file runs in its own transaction and is
/// recorded in `schema_migrations` with its SHA-256; a changed applied file stops start-up.
public struct Migrator: Sendable {
    /// The advisory lock key ("benefits" in ASCII), scoped by PostgreSQL to one database.
    static let lockKey: Int64 = 0x6265_6E65_6669_7473

    public let migrations: [Migration]
    public let logger: Logger

    public init(migrations: [Migration], logger: Logger = Logger(label: "benefits.migrations")) {
        self.migrations = migrations
        self.logger = logger
    }

    /// Applies every migration not yet applied; returns the versions this call applied.
    @discardableResult
    public func migrate(_ client: PostgresClient) async throws -> [Int] {
        try await client.withConnection { connection in
            try await connection.run("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger)
            do {
                let applied = try await applyPending(on: connection)
                try await connection.run("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                return applied
            } catch {
                try? await connection.run("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                throw error
            }
        }
    }

    private func applyPending(on connection: PostgresConnection) async throws -> [Int] {
        try await connection.run(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer     PRIMARY KEY,
                name       text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            logger: logger
        )
        // A file holds many statements; the extended protocol takes one, PL/pgSQL's EXECUTE takes them all.
        try await connection.run(
            """
            CREATE OR REPLACE FUNCTION pg_temp.run_migration_sql(sql text) RETURNS void
            LANGUAGE plpgsql AS $$ BEGIN EXECUTE sql; END $$
            """,
            logger: logger
        )

        var appliedChecksums: [Int: String] = [:]
        let rows = try await connection.query("SELECT version, checksum FROM schema_migrations", logger: logger)
        for try await (version, checksum) in rows.decode((Int, String).self) {
            appliedChecksums[version] = checksum
        }

        var appliedNow: [Int] = []
        for migration in migrations {
            let checksum = try await self.checksum(of: migration, on: connection)
            if let applied = appliedChecksums[migration.version] {
                guard applied == checksum else {
                    throw MigrationError.checksumChanged(fileName: migration.fileName, applied: applied, current: checksum)
                }
                continue
            }
            do {
                try await connection.withTransaction(logger: logger) { connection in
                    try await connection.run("SELECT pg_temp.run_migration_sql(\(migration.sql))", logger: logger)
                    try await connection.run(
                        """
                        INSERT INTO schema_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), \(checksum))
                        """,
                        logger: logger
                    )
                }
            } catch {
                throw MigrationError.failed(fileName: migration.fileName, message: DatabaseMessage.of(error))
            }
            logger.info("applied migration", metadata: ["file": "\(migration.fileName)"])
            appliedNow.append(migration.version)
        }
        return appliedNow
    }

    private func checksum(of migration: Migration, on connection: PostgresConnection) async throws -> String {
        let rows = try await connection.query(
            "SELECT encode(sha256(convert_to(\(migration.sql), 'UTF8')), 'hex')",
            logger: logger
        )
        for try await checksum in rows.decode(String.self) { return checksum }
        // A SELECT without FROM returns one row; a server that answers none is not trusted with the schema.
        throw MigrationError.failed(fileName: migration.fileName, message: "PostgreSQL returned no checksum for the file")
    }
}
