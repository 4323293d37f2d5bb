import ArgumentParser
import Benefits

@main
struct BenefitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "benefits-service")
    func run() async throws {}
}
