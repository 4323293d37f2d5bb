import ArgumentParser
import Benefits
import Foundation
import ServiceSupport

/// `benefits-service recompute [--person ID]`: rebuilds derived rows from the stored events.
struct RecomputeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recompute",
        abstract: "Rebuild every person's coverage and bindings from the stored events with the current POLICY_FILE.",
        discussion: """
            Safe beside a running service (persons are locked as the pipeline locks them) and idempotent: \
            a run stopped midway is run again, or continued with --after the last person it reported. \
            Progress goes to stderr (a bar on a terminal, plain lines otherwise), the summary to stdout.
            """
    )

    @Option(help: "Only this person (and persons linked to them by a family-account authoriser over the limit).")
    var person: String?

    @Option(help: "Start after this person id (key order), to continue a stopped run.")
    var after: String?

    @Option(help: "Persons per transaction.")
    var batchSize: Int = 500

    func validate() throws {
        guard (1...50_000).contains(batchSize) else { throw ValidationError("--batch-size: must be between 1 and 50000") }
        guard person == nil || after == nil else { throw ValidationError("--person and --after: give one or the other") }
        if let person, person.isEmpty { throw ValidationError("--person: must not be empty") }
    }

    func run() async throws {
        do {
            let summary = try await OperationsDatabase.withStore(label: "benefits-recompute") { store, configuration, _ in
                let run = RecomputeRun(store: store, policy: configuration.policy, batchSize: batchSize)
                if let person { return try await run.person(person) }
                return try await run.all(after: after, progress: progressReporter(for: RecomputeProgress.self))
            }
            print("recompute: \(summary)")
        } catch {
            FileHandle.standardError.write(Data("recompute failed: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
