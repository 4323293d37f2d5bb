import ArgumentParser
import Enrollment
import Foundation
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve POST /v1/events, /health, /ready, /metrics and /openapi.json (configured by ENROLLMENT_* and KAFKA_* variables)."
    )

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        try await EnrollmentService.serve(environment: environment, logger: makeLogger(environment))
    }
}

func makeLogger(_ environment: [String: String]) -> Logger {
    var logger = Logger(label: "enrollment-service")
    logger.logLevel = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
    return logger
}
