import Benefits
import Foundation
import InsuranceDomain
import Kafka
import Logging
import PostgresNIO
import SampleCity

/// The same run's raw limits the pipeline is compared with: the Kafka layer consuming alone,
/// COPY of the payloads, and COPY into `events` itself.
extension BenefitsBench {
    /// The consumer settings of both the raw consume and the pipeline, so that they compare.
    static func consumerConfiguration(group: String, topics: [String], servers: String, batch: Int) -> KafkaConsumerConfiguration {
        var configuration = KafkaConsumerConfiguration(
            groupID: group,
            topics: topics,
            bootstrapServers: servers,
            clientID: "benefits-bench",
            sessionTimeout: .milliseconds(6_000),
            fetchWaitMax: .milliseconds(20)
        )
        configuration.pollBatchSize = batch
        return configuration
    }

    static func rawConsume(
        servers: String,
        topics: [String],
        group: String,
        count: Int,
        batch: Int,
        logger: Logger
    ) async throws -> Double {
        let configuration = consumerConfiguration(group: group, topics: topics, servers: servers, batch: batch)
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: Double?.self) { group in
            group.addTask {
                try await consumer.run()
                return nil
            }
            group.addTask {
                var seen = 0
                var first: ContinuousClock.Instant?
                for await messages in consumer.batches(maxCount: batch, maxWait: .milliseconds(100)) {
                    if first == nil { first = .now }
                    seen += messages.count
                    try await consumer.commit(after: messages)
                    if seen >= count { break }
                }
                // Measured from the first message, so the group join is not counted.
                return Double(seen) / (ContinuousClock.now - (first ?? .now)).inSeconds
            }
            let rate = try await group.next() ?? nil
            consumer.triggerGracefulShutdown()
            try await group.waitForAll()
            return rate ?? 0
        }
    }

    /// COPY of the backlog's distinct valid events straight into a migrated `events` table: what
    /// storing the raw events alone costs, with the indexes the service needs (dedupe key, history).
    static func eventsTableCopy(_ events: [SampleEvent], client: PostgresClient, logger: Logger) async throws -> Double {
        _ = try await Migrator(migrations: try Migration.bundled()).migrate(client)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var seen: Set<EventIdentity> = []
        var rows: [[String]] = []
        for (index, event) in events.enumerated() {
            guard case .success(let valid) = EventIntake.validate(json: Array(event.json.utf8), policy: .bundledDefaults),
                seen.insert(valid.identity).inserted
            else { continue }
            let time = formatter.string(from: Date(timeIntervalSince1970: Double(valid.time.millisecondsSinceEpoch) / 1000))
            rows.append([valid.source, valid.id, valid.type, valid.personId, time, event.json, "bench", "0", String(index)])
        }
        let columns = ["source", "event_id", "type", "person_id", "event_time", "payload", "topic", "partition", "kafka_offset"]
        return try await BenchCopy.rate(BenchCopy.chunks(rows), rows: rows.count, into: "events", columns: columns, client: client)
    }

    static func rawCopy(_ events: [SampleEvent], client: PostgresClient) async throws -> Double {
        try await client.query("CREATE TABLE copy_baseline (key text, payload text, n bigint)")
        let chunks = BenchCopy.chunks(events.enumerated().lazy.map { [$1.key, $1.json, String($0)] })
        return try await BenchCopy.rate(chunks, rows: events.count, into: "copy_baseline", client: client)
    }
}
