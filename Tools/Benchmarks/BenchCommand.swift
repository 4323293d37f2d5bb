import ArgumentParser
import Foundation
import PostgresNIO

@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insurance-bench",
        abstract: "Benchmarks that print figures and ratios measured in one run.",
        subcommands: [
            DomainBench.self, IntakeBench.self, KafkaBench.self, StoreBench.self, EnrollmentBench.self, BenefitsBench.self,
            PipelineBench.self, PagesBench.self, ReadyFloodBench.self, WhatIfBench.self,
        ]
    )

    /// As ArgumentParser's, except that a PostgreSQL error shows the server's message: PSQLError's
    /// description hides it on purpose (it may hold data), but a benchmark's data is synthetic.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as PSQLError {
            FileHandle.standardError.write(Data("PostgreSQL error: \(String(reflecting: error))\n".utf8))
            exit(withError: error)
        } catch {
            exit(withError: error)
        }
    }
}
