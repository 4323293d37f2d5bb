import Logging
import PostgresNIO
import ServiceSupport
import Settings

/// What `recompute` and `redrive` share: the service's configuration and logging, a database
/// client for the command's duration, and the migrations applied first (the same migrator
/// as the service's start, safe while a service runs).
package enum OperationsDatabase {
    /// Runs `body` with a store on the configured database (migrated), then closes the client.
    /// With `migrating` false (a dry run, which writes nothing) the migrations are not applied:
    /// a database whose schema is behind this build is an error (`SchemaBehind`) instead.
    package static func withStore<Result: Sendable>(
        label: String,
        migrating: Bool = true,
        _ body: (BenefitsStore, BenefitsConfiguration, Logger) async throws -> Result
    ) async throws -> Result {
        let environment = ServiceEnvironment()
        var logger = try LoggingBootstrap.bootstrap(label: label, environment: environment)
        // The terminal shows progress and the summary; routine info lines would interleave.
        logger.logLevel = max(logger.logLevel, .warning)
        let configuration = try BenefitsConfiguration.fromEnvironment(environment)
        let client = PostgresClient(configuration: configuration.database.clientConfiguration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let migrations = try Migration.bundled()
            if migrating {
                try await Migrator(migrations: migrations, logger: logger).migrate(client)
            } else {
                try await SchemaBehind.check(client, needs: migrations.map(\.version).max() ?? 0, logger: logger)
            }
            let store = BenefitsStore(client: client, logger: logger)
            return try await body(store, configuration, logger)
        }
    }
}

/// The database's schema is older than this build's migrations, and the command was asked not
/// to write (a dry run): it cannot read the tables this build expects.
struct SchemaBehind: Error, CustomStringConvertible {
    let applied: Int
    let needed: Int

    var description: String {
        "the database's schema is at migration \(applied), this build needs \(needed): start the service, "
            + "or run the command without --dry-run, once to migrate it (a dry run writes nothing, migrations included)"
    }

    static func check(_ client: PostgresClient, needs needed: Int, logger: Logger) async throws {
        var applied = 0
        let exists =
            try await client.rows(
                "SELECT to_regclass('schema_migrations') IS NOT NULL",
                decoding: Bool.self,
                logger: logger
            ).first == true
        if exists {
            let versions = try await client.rows(
                "SELECT coalesce(max(version), 0)::int8 FROM schema_migrations",
                decoding: Int64.self,
                logger: logger
            )
            applied = Int(clamping: versions.first ?? 0)
        }
        guard applied >= needed else { throw SchemaBehind(applied: applied, needed: needed) }
    }
}
