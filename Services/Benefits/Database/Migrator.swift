import InsuranceDomain
import Logging
import PostgresNIO

/// Brings a database's schema up to date at start-up.
///
/// Replicas may start together: the work runs under a PostgreSQL advisory lock, so one applies
/// the files and the others then find them applied. Each file runs in its own transaction and is
/// recorded in `schema_migrations` with its SHA-256; a changed applied file stops start-up.
///
/// Every step goes through the close-aware calls (`withConnectionEndingOnClose`): a server that
/// restarts or stops during the start ends the attempt with an error, never with a wait
/// that does not end (see `PostgresConnection.endingOnClose`).
package struct Migrator: Sendable {
    /// The advisory lock key ("benefits" in ASCII), scoped by PostgreSQL to one database.
    static let lockKey: Int64 = 0x6265_6E65_6669_7473
    /// How often a busy advisory lock is asked for again while `lockWait` lasts.
    static let lockPollInterval = Duration.milliseconds(100)

    let migrations: [Migration]
    let logger: Logger
    /// How long one attempt may wait before its work can go on: for a connection, for the
    /// advisory lock, and for each table lock its statements need (`lock_timeout`). Nil: as
    /// long as it takes.
    ///
    /// Why a deadline for waiting and none for working: a file may legitimately run for
    /// minutes on a big table (an index, a rewrite), so its statements run without a statement
    /// timeout. Waiting is something else: a connection that does not come while the server
    /// restarts, the advisory lock held by another replica that is migrating, a table lock held
    /// by a running replica's transaction. The attempt then ends with an error the caller
    /// retries with backoff (`MigrationsFirst`: `/ready` says 503 and the log says why), and the
    /// start goes on by itself once the wait is over. A file queued for a table lock would
    /// also hold up every other session that needs the table after it.
    let lockWait: Duration?

    package init(migrations: [Migration], logger: Logger = Logger(label: "benefits.migrations"), lockWait: Duration? = nil) {
        self.migrations = migrations
        self.logger = logger
        self.lockWait = lockWait
    }

    /// Applies every migration not yet applied; returns the versions this call applied.
    ///
    /// Throws `MigrationError` when a file is at fault (the database refused it, or an applied
    /// file was changed): retrying cannot help. Anything else (`DatabaseUnreachable`,
    /// `MigrationLockBusy`, a lock timeout, a dropped connection) is about the moment, not the
    /// files, and a later attempt may succeed.
    @discardableResult
    package func migrate(_ client: PostgresClient) async throws -> [Int] {
        let deadline = lockWait.map { ContinuousClock.now + $0 }
        return try await client.withConnectionEndingOnClose(leasedWithin: lockWait) { connection in
            do {
                // Inside the `do`: an attempt cut short while the lock is being granted may hold
                // it without having seen the answer.
                try await self.takeLock(on: connection, until: deadline)
                let applied = try await self.applyPending(on: connection)
                try await connection.run("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: self.logger)
                return applied
            } catch {
                // The lock belongs to the session, not to a transaction: a connection returned
                // to the pool still holding it would make every later attempt of this process
                // wait for itself ("another connection held the migration lock"). Unlocking a
                // lock not held only warns. When the unlock cannot run, the session is ended
                // instead, which releases the lock.
                do {
                    try await connection.run("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: self.logger)
                } catch {
                    try? await connection.close()
                }
                throw error
            }
        }
    }

    /// Takes the advisory lock: waits for it without a deadline, or asks for it every
    /// `lockPollInterval` until `deadline` and then throws `MigrationLockBusy`.
    private func takeLock(on connection: PostgresConnection, until deadline: ContinuousClock.Instant?) async throws {
        guard let deadline, let lockWait else {
            try await connection.run("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger)
            return
        }
        while true {
            let answers = try await connection.rows(
                "SELECT pg_try_advisory_lock(\(Self.lockKey))",
                decoding: Bool.self,
                logger: logger
            )
            if answers.first == true { return }
            guard ContinuousClock.now + Self.lockPollInterval < deadline else { throw MigrationLockBusy(waited: lockWait) }
            try await Task.sleep(for: Self.lockPollInterval)
        }
    }

    private func applyPending(on connection: PostgresConnection) async throws -> [Int] {
        // In a transaction of its own, so that `lock_timeout` holds for these statements only
        // (a table lock on schema_migrations held elsewhere ends the attempt, not the start).
        let appliedChecksums = try await connection.withTransaction(logger: logger) { connection in
            try await self.limitLockWaits(on: connection)
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
            var checksums: [Int: String] = [:]
            let rows = try await connection.rows(
                "SELECT version, checksum FROM schema_migrations",
                decoding: (Int, String).self,
                logger: logger
            )
            for (version, checksum) in rows { checksums[version] = checksum }
            return checksums
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
                    try await self.limitLockWaits(on: connection)
                    // The work itself is not limited: the pool's statement timeout (a minute by
                    // default) would cut a long file short on every attempt (see `lockWait`).
                    try await connection.run("SELECT set_config('statement_timeout', '0', true)", logger: logger)
                    try await connection.run("SELECT pg_temp.run_migration_sql(\(migration.sql))", logger: logger)
                    try await connection.run(
                        """
                        INSERT INTO schema_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), \(checksum))
                        """,
                        logger: logger
                    )
                }
            } catch let error where Self.isAboutTheMoment(error) {
                throw error
            } catch {
                // Without the DETAIL line: it may quote a row's values, and this goes to the log.
                throw MigrationError.failed(fileName: migration.fileName, message: DatabaseMessage.of(error, includeDetail: false))
            }
            logger.info("applied migration", metadata: ["file": "\(migration.fileName)"])
            appliedNow.append(migration.version)
        }
        return appliedNow
    }

    /// Sets `lock_timeout` to `lockWait` for the rest of the transaction (nothing without one).
    private func limitLockWaits(on connection: PostgresConnection) async throws {
        guard let lockWait else { return }
        let setting = "\(max(1, lockWait.milliseconds))ms"
        try await connection.run("SELECT set_config('lock_timeout', \(setting), true)", logger: logger)
    }

    /// Whether a failure while a file ran says nothing about the file, so that a later attempt
    /// may succeed: no answer from the server (a dropped connection, cancellation), or an
    /// answer about the moment: connection trouble (SQLSTATE class 08), a serialisation
    /// failure or deadlock (40), out of resources (53), a lock not granted within
    /// `lock_timeout` (55P03), a cancelled statement or the server shutting down (57), a
    /// system error (58). Anything else the server says (a syntax error, a missing column, a
    /// constraint the data breaks) is the file's fault: retrying it would fail the same way.
    static func isAboutTheMoment(_ error: any Error) -> Bool {
        guard let code = DatabaseMessage.code(of: error) else { return true }
        return code == .lockNotAvailable || momentaryClasses.contains { code.isInClass(of: $0) }
    }

    static let momentaryClasses: [PostgresError.Code] = [
        .connectionException, .transactionRollback, .insufficientResources, .operatorIntervention, .systemError,
    ]

    private func checksum(of migration: Migration, on connection: PostgresConnection) async throws -> String {
        let rows = try await connection.rows(
            "SELECT encode(sha256(convert_to(\(migration.sql), 'UTF8')), 'hex')",
            decoding: String.self,
            logger: logger
        )
        if let checksum = rows.first { return checksum }
        // A SELECT without FROM returns one row; a server that answers none is not trusted with the schema.
        throw MigrationError.failed(fileName: migration.fileName, message: "PostgreSQL returned no checksum for the file")
    }
}

/// Another connection held the migrations' advisory lock (another replica applying them)
/// longer than an attempt may wait (`Migrator.lockWait`); the attempt is tried again.
struct MigrationLockBusy: Error, CustomStringConvertible {
    let waited: Duration

    var description: String {
        "another connection (another replica applying the migrations?) held the migration lock for more than \(waited)"
    }
}
