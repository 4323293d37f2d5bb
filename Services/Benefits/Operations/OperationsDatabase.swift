import Logging
import PostgresNIO
import ServiceSupport
import Settings

/// What `recompute` and `redrive` share: the service's configuration and logging, a database
/// client for the command's duration, and the migrations applied first (the same migrator
/// as the service's start, safe while a service runs).
public enum OperationsDatabase {
    /// Runs `body` with a store on the configured database (migrated), then closes the client.
    public static func withStore<Result: Sendable>(
        label: String,
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
            try await Migrator(migrations: try Migration.bundled(), logger: logger).migrate(client)
            let store = BenefitsStore(client: client, logger: logger)
            return try await body(store, configuration, logger)
        }
    }
}
