import ArgumentParser
import Enrollment
import Foundation
import Settings

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Validate a CSV file of pupils or payments row by row and publish the good rows to Kafka.",
        discussion: "Exit status: 0 all rows published, 2 some rows rejected (listed on stderr), 1 the file could not be imported."
    )

    @Argument(help: "The CSV file (header row first).")
    var file: String

    @Option(help: "The layout: pupils (a school's pupils) or payments (the tax bureau's records).")
    var kind: ImportKind

    @Option(help: "The CloudEvent source of every event, e.g. /schools/42.")
    var source: String

    @Option(
        help:
            "The bearer token of the sending system, as for POST /v1/events (better: set ENROLLMENT_TOKEN, which other users cannot see in the process list)."
    )
    var token: String?

    func validate() throws {
        guard !self.source.isEmpty else { throw ValidationError("--source must not be empty") }
    }

    func run() async throws {
        let environment = ServiceEnvironment()
        var logger = try EnrollmentService.bootstrapLogging(environment: environment)
        // The terminal shows progress and rejected rows; routine info lines would interleave.
        logger.logLevel = max(logger.logLevel, .warning)
        let summary: ImportSummary
        do {
            summary = try await EnrollmentService.importFile(
                path: self.file,
                kind: self.kind,
                source: self.source,
                token: self.token ?? environment.optionalString("ENROLLMENT_TOKEN"),
                environment: environment,
                logger: logger
            )
        } catch {
            FileHandle.standardError.write(Data("import failed: \(error)\n".utf8))
            throw ExitCode.failure
        }
        print("summary: \(summary)")
        if summary.rejected > 0 { throw ExitCode(2) }
    }
}

extension ImportKind: ExpressibleByArgument {}
