import ArgumentParser
import Benefits
import Foundation
import InsuranceDomain
import Logging
import NIOCore
import PostgresNIO

/// `insurance-bench store`: events per second through `BenefitsStore.ingest`, next to a raw COPY
/// of the same rows into a plain table, on the local PostgreSQL (`PG_*` variables).
struct StoreBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Ingest synthetic events into PostgreSQL in batches and compare with a raw COPY."
    )

    @Option(help: "Events to ingest.")
    var events = 200_000

    @Option(help: "Events per batch (one transaction each).")
    var batch = 5_000

    @Option(help: "Distinct persons; each person's events are spread over several batches.")
    var persons = 100_000

    func validate() throws {
        guard events > 0, batch > 0, persons > 0 else { throw ValidationError("events, batch and persons must be > 0") }
    }

    func run() async throws {
        let settings = try DatabaseSettings.fromEnvironment()
        let synthetic = SyntheticEvents(count: events, persons: persons)
        print("store bench: \(events) events, \(persons) persons, batches of \(batch), PostgreSQL \(settings.host):\(settings.port)")

        let copyRate = try await BenchDatabase.withScratch(settings, prefix: "bench_store") { client in
            try await rawCopy(synthetic, client: client)
        }
        print(String(format: "  raw COPY into a plain table      %9.0f rows/s", copyRate))

        for (label, threshold) in [("ingest, probe + direct INSERT ", batch - 1), ("ingest, INSERT … ON CONFLICT  ", batch + 1)] {
            let rate = try await BenchDatabase.withScratch(settings, prefix: "bench_store") { client in
                try await ingest(synthetic, client: client, bulkThreshold: threshold)
            }
            print(String(format: "  %@ %9.0f events/s  (%.2f × raw COPY)", label, rate, rate / copyRate))
        }
    }

    private func ingest(_ synthetic: SyntheticEvents, client: PostgresClient, bulkThreshold: Int) async throws -> Double {
        try await Migrator(migrations: try Migration.bundled()).migrate(client)
        let store = BenefitsStore(client: client, bulkThreshold: bulkThreshold)
        let batches = stride(from: 0, to: synthetic.count, by: batch).map { start in
            IngestBatch(events: synthetic.events(start..<min(start + batch, synthetic.count)))
        }
        let clock = ContinuousClock()
        var stored = 0
        let elapsed = try await clock.measure {
            for batch in batches {
                stored += try await store.ingest(batch: batch, recompute: Self.onePeriod).eventsStored
            }
        }
        guard stored == synthetic.count else { throw ValidationError("stored \(stored) of \(synthetic.count) events") }
        return Double(synthetic.count) / elapsed.inSeconds
    }

    /// The trivial coverage computation: one annual period per person.
    private static func onePeriod(_ personId: String, _ history: [StoredEvent]) -> PersonResult {
        PersonResult(periods: [
            CoveragePeriodRow(
                policyYear: 2024,
                startsOn: .clamped(year: 2024, month: 10, day: 1),
                endsOn: .clamped(year: 2025, month: 9, day: 30),
                startMonth: "2024-10",
                basis: "annual"
            )
        ])
    }

    private func rawCopy(_ synthetic: SyntheticEvents, client: PostgresClient) async throws -> Double {
        try await client.query(
            """
            CREATE TABLE copy_baseline (source text, event_id text, type text, person_id text, event_time timestamptz,
                payload text, topic text, partition int, kafka_offset bigint)
            """
        )
        return try await BenchCopy.rate(synthetic.copyText(), rows: synthetic.count, into: "copy_baseline", client: client)
    }
}

/// Contribution events of about 200 bytes, `persons` people paying in turn.
private struct SyntheticEvents: Sendable {
    let count: Int
    let persons: Int
    let start = Date(timeIntervalSince1970: 1_725_148_800)  // 2024-09-01T00:00:00Z

    func personId(_ index: Int) -> String { "P\(100_000_000 + index % persons)" }

    func payload(_ index: Int) -> String {
        #"{"specversion":"1.0","id":"pay-\#(index)","source":"bench/tax","type":"insurance.contribution.paid.v1","data":{"paymentId":"pay-\#(index)","personId":"\#(personId(index))","policyYear":2024,"amountFen":43632,"dueFen":43632}}"#
    }

    func events(_ range: Range<Int>) -> [IncomingEvent] {
        range.map { index in
            IncomingEvent(
                source: "bench/tax",
                eventId: "pay-\(index)",
                type: "insurance.contribution.paid.v1",
                personId: personId(index),
                eventTime: start.addingTimeInterval(Double(index)),
                payload: payload(index),
                topic: "insurance.contributions.v1",
                partition: Int32(index % 6),
                offset: Int64(index / 6)
            )
        }
    }

    /// The same rows in COPY text format, in 1 MiB chunks.
    func copyText() -> [ByteBuffer] {
        let formatter = ISO8601DateFormatter()
        return BenchCopy.chunks(
            (0..<count).lazy.map { index in
                [
                    "bench/tax", "pay-\(index)", "insurance.contribution.paid.v1", personId(index),
                    formatter.string(from: start.addingTimeInterval(Double(index))), payload(index),
                    "insurance.contributions.v1", String(index % 6), String(index / 6),
                ]
            }
        )
    }
}
