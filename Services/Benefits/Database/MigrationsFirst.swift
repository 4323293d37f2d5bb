import Logging
import PostgresNIO
import ServiceLifecycle
import ServiceSupport

/// Applies the schema migrations, retried while the database is unreachable, and only then
/// starts the pipeline and its dead-letter producer (in a group of their own, which shuts down
/// with the service's): nothing is consumed before the tables are what the code expects.
///
/// Run it in the service's group after the store's `PostgresClient`. The HTTP server need not
/// wait: `/health` answers meanwhile, `/ready` says the database is not ready, and the API
/// and pages answer 503 (`DatabaseGate`) until `PipelineState.migrated` is set here.
///
/// A failing migration (a file the database refuses, an applied file that was changed) is
/// thrown out of `run`: the service group stops and the process exits non-zero, naming the
/// file and the reason.
struct MigrationsFirst: Service {
    let pipeline: IngestionPipeline
    let logger: Logger
    /// The files to apply; nil: the ones shipped with the service.
    let migrations: [Migration]?
    /// Services that need the migrated schema too (the coverage feed's relay), started with the pipeline.
    let alongside: [any Service]

    init(then pipeline: IngestionPipeline, alongside: [any Service] = [], logger: Logger) {
        self.init(then: pipeline, alongside: alongside, logger: logger, migrations: nil)
    }

    /// With other files than the bundled ones (tests).
    init(then pipeline: IngestionPipeline, alongside: [any Service] = [], logger: Logger, migrations: [Migration]?) {
        self.pipeline = pipeline
        self.alongside = alongside
        self.logger = logger
        self.migrations = migrations
    }

    func run() async throws {
        // Read once, outside the retry: a bundle that cannot be read is a broken build, which
        // must stop the start, not be waited out as if the database were away.
        let migrator = Migrator(
            migrations: try migrations ?? Migration.bundled(),
            logger: logger,
            lockWait: pipeline.configuration.databaseTimeout
        )
        do {
            try await apply(migrator, on: pipeline.store.client)
        } catch is CancellationError where Task.isShuttingDownGracefully {
            return
        }
        pipeline.state.update { $0.migrated = true }
        // The producer first, so that it stops last: the pipeline's dead letters and the relay's
        // changes are flushed before it closes.
        let services: [any Service] = [pipeline.producer, pipeline] + alongside
        try await ServiceGroup(
            configuration: .init(
                services: services.map { .together($0) },
                logger: logger
            )
        ).run()
    }

    /// Applies the migrations, waiting out an unreachable database and a lock held elsewhere
    /// (each attempt bounded by `BENEFITS_DB_TIMEOUT_MS`, see `Migrator.lockWait`); throws the
    /// `MigrationError` of a failing file.
    ///
    /// Why a failing file is not retried: the retry is for what passes by itself. A file the
    /// database refuses, or an applied file that was edited, fails the same way every time;
    /// retried, the service would wait forever, logging "database unavailable" with the cause
    /// buried in it. Stopped, a supervisor shows a failed start whose last line names the
    /// file, for an operator to fix the release.
    private func apply(_ migrator: Migrator, on client: PostgresClient) async throws {
        let failure: MigrationError? = try await pipeline.retry.run("apply migrations") {
            do {
                _ = try await migrator.migrate(client)
                return nil
            } catch let error as MigrationError {
                return error
            }
        }
        guard let failure else { return }
        logger.critical(
            "migration failed; the service stops",
            metadata: [
                "file": "\(LogText.escaped(failure.fileName ?? "-"))",
                "error": "\(LogText.escaped(failure.description, limit: 1000))",
            ]
        )
        throw failure
    }
}

extension ServiceGroupConfiguration.ServiceConfiguration {
    /// `service` in a group whose members stand or fall together: when it returns or throws,
    /// the whole group shuts down gracefully (the pipeline's and the service's groups).
    static func together(_ service: any Service) -> Self {
        .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup)
    }
}
