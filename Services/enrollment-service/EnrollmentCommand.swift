import ArgumentParser

@main
struct EnrollmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrollment-service",
        abstract: "The front door for upstream systems: CloudEvents over HTTP and CSV file intake, published to Kafka.",
        subcommands: [ServeCommand.self, ImportCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
