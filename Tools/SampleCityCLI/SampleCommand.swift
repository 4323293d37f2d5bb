import ArgumentParser

/// `insurance-sample`: a deterministic sample city for the demo, the system
/// tests and the benchmarks.
@main
struct SampleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insurance-sample",
        abstract: "Generate a deterministic sample city's insurance events and send them.",
        subcommands: [GenerateCommand.self, PostCommand.self, PublishCommand.self, CountCommand.self, SmokeCommand.self]
    )
}

/// The options that pick a city; the same values give the same events.
struct CityOptions: ParsableArguments {
    @Option(help: "How many people.") var persons = 1_000
    @Option(help: "Seed of the city.") var seed: UInt64 = 2024
    @Option(help: "First policy year of the stories.") var policyYear = 2024
    @Option(help: "Share of people who also send one broken event.") var faultyShare = 0.01
    @Option(help: "Share of people one of whose events is sent twice.") var duplicateShare = 0.03
}
