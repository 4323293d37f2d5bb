import ArgumentParser
import Foundation
import InsuranceDomain
import SampleCity

/// Writes the city's events, one CloudEvent JSON per line.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write the city's events as JSON lines to standard output."
    )

    @OptionGroup var city: CityOptions
    @Flag(help: "Only the events that are not broken on purpose.") var validOnly = false
    @Flag(help: "Only the events broken on purpose.") var faultyOnly = false

    func run() throws {
        let sample = SampleCity(city.sampleOptions)
        var buffer = ""
        buffer.reserveCapacity(1 << 20)
        for event in sample.events where !(validOnly && event.isFaulty) && !(faultyOnly && !event.isFaulty) {
            buffer += event.json
            buffer += "\n"
            if buffer.utf8.count > 1 << 20 {
                FileHandle.standardOutput.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        FileHandle.standardOutput.write(Data(buffer.utf8))
    }
}

extension CityOptions {
    var sampleOptions: SampleCityOptions {
        // Premiums come from the policy book, the one source of policy data.
        SampleCityOptions(
            persons: persons,
            seed: seed,
            policyYear: policyYear,
            annualPremiumFen: PolicyBook.bundledDefaults.years.mapValues(\.individualPremiumFen),
            faultyShare: faultyShare,
            duplicateShare: duplicateShare
        )
    }
}
