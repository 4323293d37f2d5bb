import ArgumentParser
import Enrollment
import Settings
import TracingSetup

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve POST /v1/events, /health, /ready, /metrics and /openapi.json (configured by ENROLLMENT_* and KAFKA_* variables)."
    )

    func run() async throws {
        let environment = ServiceEnvironment()
        let (logger, observability) = try TracingSetup.bootstrapService(named: "enrollment-service", environment: environment)
        try await EnrollmentService.serve(environment: environment, logger: logger, observability: observability)
    }
}

@main
struct EnrollmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrollment-service",
        abstract: "The front door for upstream systems: CloudEvents over HTTP and CSV file intake, published to Kafka.",
        subcommands: [ServeCommand.self, ImportCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
