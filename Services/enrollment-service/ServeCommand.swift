import ArgumentParser
import Enrollment

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve POST /v1/events, /health, /ready, /metrics and /openapi.json (configured by ENROLLMENT_* and KAFKA_* variables)."
    )

    func run() async throws {
        try await EnrollmentService.serve(logger: EnrollmentService.bootstrapLogging())
    }
}
