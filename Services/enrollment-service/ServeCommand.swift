import ArgumentParser
import Enrollment
import Foundation

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve POST /v1/events, /health, /ready, /metrics and /openapi.json (configured by ENROLLMENT_* and KAFKA_* variables)."
    )

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        try await EnrollmentService.serve(environment: environment, logger: EnrollmentService.bootstrapLogging(environment: environment))
    }
}
