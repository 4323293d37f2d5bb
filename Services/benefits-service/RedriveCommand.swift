import ArgumentParser
import Benefits
import Foundation

/// `benefits-service redrive [--reason TEXT] [--dry-run]`: stores refused records that now pass.
struct RedriveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redrive",
        abstract: "Validate refused records again with the current POLICY_FILE and store the ones that now pass.",
        discussion: """
            Each event is stored at most once (by source and id) whatever the number of redrives; refusal rows \
            are kept and marked redriven_at. The summary goes to stdout.
            """
    )

    @Option(help: "Only refusals whose reason contains this text.")
    var reason: String?

    @Flag(help: "List and count what would be sent; write nothing.")
    var dryRun = false

    func validate() throws {
        if let reason, reason.isEmpty { throw ValidationError("--reason: must not be empty") }
    }

    func run() async throws {
        do {
            let summary = try await OperationsDatabase.withStore(label: "benefits-redrive") { store, configuration, _ in
                try await RefusalRedrive(store: store, policy: configuration.policy).run(
                    reasonContaining: reason,
                    dryRun: dryRun
                ) { candidate in
                    if dryRun { print("would send \(candidate)") }
                }
            }
            print("redrive: \(summary)")
        } catch {
            FileHandle.standardError.write(Data("redrive failed: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
