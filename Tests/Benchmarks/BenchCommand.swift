import ArgumentParser

@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insurance-bench",
        abstract: "Benchmarks that print figures and ratios measured in one run.",
        subcommands: [
            DomainBench.self, KafkaBench.self, StoreBench.self, EnrollmentBench.self, BenefitsBench.self,
            PipelineBench.self,
        ]
    )
}
