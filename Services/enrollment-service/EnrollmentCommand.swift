import ArgumentParser
import Enrollment

@main
struct EnrollmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enrollment-service")
    func run() async throws {}
}
