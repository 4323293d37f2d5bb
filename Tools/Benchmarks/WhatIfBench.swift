import ArgumentParser
import Benefits
import Foundation
import InsuranceDomain
import PostgresNIO
import SampleCity

/// `insurance-bench what-if`: persons per second of `recompute --dry-run` (`WhatIfRun`) over a
/// sample city stored in a scratch database, with the policy in force and with a changed
/// premium, next to `recompute` itself (`RecomputeRun`, which writes) in the same run.
struct WhatIfBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "what-if",
        abstract: "Persons/s of recompute --dry-run (policy in force, changed premium) next to recompute, on a sample city."
    )

    @Option(help: "Persons of the sample city.")
    var persons = 20_000

    @Option(help: "Persons per transaction (--batch-size).")
    var batchSize = 500

    func validate() throws {
        guard persons > 0, batchSize > 0 else { throw ValidationError("--persons and --batch-size must be > 0") }
    }

    func run() async throws {
        let settings = try DatabaseSettings.fromEnvironment()
        let policy = PolicyBook.bundledDefaults
        let events = Self.incoming(SampleCity(SampleCityOptions(persons: persons, seed: 7)), policy: policy)
        print("what-if bench: \(persons) persons, \(events.count) valid events, batches of \(batchSize) persons")
        try await BenchDatabase.withScratch(settings, prefix: "bench_whatif") { client in
            try await Migrator(migrations: try Migration.bundled()).migrate(client)
            let store = BenefitsStore(client: client)
            let recomputation = CoverageRecomputation(policy: policy)
            for start in stride(from: 0, to: events.count, by: 5_000) {
                let batch = IngestBatch(events: Array(events[start..<min(start + 5_000, events.count)]))
                _ = try await store.ingest(batch: batch) { person, history in recomputation.result(personId: person, history: history) }
            }
            let changed = try Self.changedPremium(policy)
            let clock = ContinuousClock()
            var inForce = WhatIfSummary()
            let inForceTime = try await clock.measure { inForce = try await WhatIfRun(store: store, policy: policy, batchSize: batchSize).all() }
            var lower = WhatIfSummary()
            let lowerTime = try await clock.measure { lower = try await WhatIfRun(store: store, policy: changed, batchSize: batchSize).all() }
            let recomputeTime = try await clock.measure { _ = try await RecomputeRun(store: store, policy: policy, batchSize: batchSize).all() }
            let rate = { (duration: Duration) in Double(inForce.persons) / duration.inSeconds }
            print(String(format: "  dry run, policy in force         %8.0f persons/s  (%d would change)", rate(inForceTime), inForce.changed))
            print(
                String(
                    format: "  dry run, %@ premium lowered   %8.0f persons/s  (%d would change)",
                    "\(Self.changedYear)",
                    rate(lowerTime),
                    lower.changed
                )
            )
            print(String(format: "  recompute (writes)               %8.0f persons/s", rate(recomputeTime)))
            print(String(format: "  ratio dry run / recompute        %8.2f", recomputeTime.inSeconds / inForceTime.inSeconds))
        }
    }

    /// The sample city's valid events as the pipeline would store them.
    static func incoming(_ city: SampleCity, policy: PolicyBook) -> [IncomingEvent] {
        var offset: Int64 = 0
        return city.events.compactMap { sample in
            guard case .success(let event) = EventIntake.validate(json: Array(sample.json.utf8), policy: policy) else { return nil }
            offset += 1
            return IncomingEvent(
                source: event.source,
                eventId: event.id,
                type: event.type,
                personId: event.personId,
                eventTime: Date(timeIntervalSince1970: Double(event.time.millisecondsSinceEpoch) / 1000),
                payload: sample.json,
                topic: "insurance.\(sample.stream.rawValue).v1",
                partition: 0,
                offset: offset
            )
        }
    }

    static let changedYear = 2024

    /// The policy with `changedYear`'s individual premium lowered by a tenth: payments due at the
    /// old premium are above it, so they no longer count.
    static func changedPremium(_ policy: PolicyBook) throws -> PolicyBook {
        let years = policy.years.values.map { year in
            PolicyYear(
                policyYear: year.policyYear,
                windowOpensOn: year.windowOpensOn,
                windowClosesOn: year.windowClosesOn,
                individualPremiumFen: year.policyYear == changedYear ? year.individualPremiumFen * 9 / 10 : year.individualPremiumFen,
                subsidyFen: year.subsidyFen,
                assumed: year.assumed,
                benefits: year.benefits
            )
        }
        return try PolicyBook(years: years, rules: policy.rules).with(sourceGroups: policy.sourceGroups)
    }
}
