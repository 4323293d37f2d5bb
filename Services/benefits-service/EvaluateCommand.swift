import ArgumentParser
import Benefits
import Foundation
import InsuranceDomain
import ServiceSupport
import Settings

/// `benefits-service evaluate FILE`: offline coverage, no Kafka, no database.
struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Print every person's coverage for a file of CloudEvents (one JSON per line; '-' for stdin)."
    )

    @Argument(help: "File of CloudEvents, one JSON event per line, or '-' for standard input.")
    var file: String

    func run() async throws {
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw ValidationError("FILE: cannot read '\(file)'")
            }
            data = contents
        }
        let policy = try PolicyFile.load(environment: ServiceEnvironment())
        var output: [UInt8] = []
        for line in OfflineEvaluation(policy: policy).evaluate(Array(data)) {
            output += line
            output.append(UInt8(ascii: "\n"))
        }
        FileHandle.standardOutput.write(Data(output))
    }
}
