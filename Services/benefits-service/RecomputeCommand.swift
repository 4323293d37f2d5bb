import ArgumentParser
import Benefits
import Foundation
import ServiceSupport
import Settings

/// `benefits-service recompute [--person ID]`: rebuilds derived rows from the stored events;
/// with `--dry-run [--policy FILE] [--csv FILE]`, says what that would change and writes nothing.
struct RecomputeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recompute",
        abstract: "Rebuild every person's coverage and bindings from the stored events with the current POLICY_FILE.",
        discussion: """
            Safe beside a running service (persons are locked as the pipeline locks them) and idempotent: \
            a run stopped midway is run again, or continued with --after the last person it reported. \
            Progress goes to stderr (a bar on a terminal, plain lines otherwise), the summary to stdout. \
            With --dry-run it writes nothing (no row, no migration): it prints how many persons would change, \
            by kind of change, for the policy in force or the file given with --policy, and with --csv lists them.
            """
    )

    @Option(help: "Only this person (and persons linked to them by a family-account authoriser over the limit).")
    var person: String?

    @Option(help: "Start after this person id (key order), to continue a stopped run.")
    var after: String?

    @Option(help: "Persons per transaction.")
    var batchSize: Int = 500

    @Flag(help: "Compute what a recompute would change, and write nothing.")
    var dryRun = false

    @Option(help: "With --dry-run: the policy file to try (default: POLICY_FILE, else the bundled policy).")
    var policy: String?

    @Option(help: "With --dry-run: write one row per person whose rows would change to this CSV file (personId,before,after).")
    var csv: String?

    func validate() throws {
        guard dryRun || policy == nil else {
            throw ValidationError("--policy: only with --dry-run (a recompute uses POLICY_FILE, as the service does)")
        }
        guard dryRun || csv == nil else { throw ValidationError("--csv: only with --dry-run") }
        if let csv, csv.isEmpty { throw ValidationError("--csv: must name a file") }
        guard (1...50_000).contains(batchSize) else { throw ValidationError("--batch-size: must be between 1 and 50000") }
        guard person == nil || after == nil else { throw ValidationError("--person and --after: give one or the other") }
        if let person, person.isEmpty { throw ValidationError("--person: must not be empty") }
    }

    func run() async throws {
        if dryRun { return try await whatIf() }
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

    /// `--dry-run`: the policy to try (with the operator's source groups, as the service reads
    /// them), the CSV opened before the first read so a wrong path fails at once.
    private func whatIf() async throws {
        do {
            let environment = ServiceEnvironment()
            let book = try policy.map {
                try PolicyFile.load(path: $0, variable: "--policy").with(sourceGroups: try PolicyFile.sourceGroups(in: environment))
            }
            let output = try csv.map(Self.createCSV)
            defer { try? output?.close() }
            let summary = try await OperationsDatabase.withStore(label: "benefits-what-if", migrating: false) { store, configuration, _ in
                let run = WhatIfRun(store: store, policy: book ?? configuration.policy, batchSize: batchSize)
                let write: (PersonChange) throws -> Void = { change in try output?.write(contentsOf: Data(WhatIfCSV.line(change).utf8)) }
                if let person { return try await run.person(person, changed: write) }
                return try await run.all(after: after, progress: progressReporter(for: WhatIfProgress.self), changed: write)
            }
            print("recompute --dry-run: \(summary)")
        } catch {
            FileHandle.standardError.write(Data("recompute --dry-run failed: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    private static func createCSV(_ path: String) throws -> FileHandle {
        guard FileManager.default.createFile(atPath: path, contents: Data(WhatIfCSV.headerLine.utf8)),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw ValidationError("--csv: cannot write '\(path)'") }
        try handle.seekToEnd()
        return handle
    }
}
