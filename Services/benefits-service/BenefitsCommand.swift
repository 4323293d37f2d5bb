import ArgumentParser

@main
struct BenefitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benefits-service",
        abstract: "Consumes insurance events into PostgreSQL, computes coverage and serves it over HTTP.",
        subcommands: [ServeCommand.self, EvaluateCommand.self, RecomputeCommand.self, RedriveCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
