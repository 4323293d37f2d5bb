import ArgumentParser
import Benefits
import ServiceSupport
import Settings
import TracingSetup

/// `benefits-service serve`: the long-running service, configured by environment variables.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the pipeline (Kafka → PostgreSQL) and the HTTP API until SIGTERM/SIGINT."
    )

    func run() async throws {
        let environment = ServiceEnvironment()
        let (logger, observability) = try TracingSetup.bootstrapService(named: "benefits-service", environment: environment)
        _ = MetricsBootstrap.prometheus()
        let configuration = try BenefitsConfiguration.forServing(environment)
        if configuration.readers.isDevelopmentDefault {
            logger.warning(
                "INSURANCE_DEV_MODE=1 and no BENEFITS_TOKENS_FILE or BENEFITS_TOKENS: accepting the development token for the API and the pages; never run like this outside a developer's machine"
            )
        } else {
            logger.info("loaded reader tokens", metadata: ["tokens": "\(configuration.readers.names)"])
        }
        let service = try BenefitsService(configuration: configuration, logger: logger)
        logger.info(
            "benefits-service starting",
            metadata: [
                "http": "\(configuration.host):\(configuration.port)", "group": "\(configuration.groupID)",
                "topics": "\(configuration.topics.joined(separator: ","))",
            ]
        )
        try await service.serviceGroup(observability: observability).run()
    }
}

@main
struct BenefitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benefits-service",
        abstract: "Consumes insurance events into PostgreSQL, computes coverage and serves it over HTTP.",
        subcommands: [ServeCommand.self, EvaluateCommand.self, RecomputeCommand.self, RedriveCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
