import Logging
import ServiceLifecycle

/// Applies the schema migrations, retried while the database is unreachable, and only then
/// starts the pipeline and its dead-letter producer (in a group of their own, which shuts down
/// with the service's): nothing is consumed before the tables are what the code expects.
///
/// Run it in the service's group after the store's `PostgresClient`. The HTTP server need not
/// wait: `/health` answers meanwhile, `/ready` says the database is not ready, and the API
/// and pages answer 503 (`DatabaseGate`) until `PipelineState.migrated` is set here.
public struct MigrationsFirst: Service {
    let pipeline: IngestionPipeline
    let logger: Logger

    public init(then pipeline: IngestionPipeline, logger: Logger) {
        self.pipeline = pipeline
        self.logger = logger
    }

    public func run() async throws {
        let client = pipeline.store.client
        // Read once, outside the retry: a bundle that cannot be read is a broken build, which
        // must stop the start, not be waited out as if the database were away.
        let migrator = Migrator(migrations: try Migration.bundled(), logger: logger)
        do {
            try await pipeline.retry.run("apply migrations") {
                _ = try await migrator.migrate(client)
            }
        } catch is CancellationError where Task.isShuttingDownGracefully {
            return
        }
        pipeline.state.update { $0.migrated = true }
        let services: [any Service] = [pipeline.producer, pipeline]
        try await ServiceGroup(
            configuration: .init(
                services: services.map { .together($0) },
                logger: logger
            )
        ).run()
    }
}
