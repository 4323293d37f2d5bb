import Benefits
import Foundation
import InsuranceDomain
import Kafka
import Logging
import NIOCore
import PostgresNIO

/// The same run's raw limits the pipeline is compared with: our Kafka layer producing
/// and consuming the city's events on a scratch topic, and a plain COPY of them.
enum RawLimits {
    static func produceRate(_ lines: [[UInt8]], keys: [String], topic: String, servers: String, logger: Logger) async throws -> Double {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: servers), logger: logger)
        let service = Task { try await producer.run() }
        let started = ContinuousClock.now
        let chunk = 10_000
        let failures = await withTaskGroup(of: Int.self) { group in
            for start in stride(from: 0, to: lines.count, by: chunk) {
                let messages = (start..<min(start + chunk, lines.count)).map {
                    KafkaOutgoingMessage(topic: topic, key: keys[$0], value: lines[$0])
                }
                group.addTask { await producer.send(messages).count { if case .failure = $0 { true } else { false } } }
            }
            return await group.reduce(0, +)
        }
        let elapsed = ContinuousClock.now - started
        producer.triggerGracefulShutdown()
        try await service.value
        guard failures == 0 else { throw BenchError("\(failures) raw sends failed") }
        return Double(lines.count) / elapsed.inSeconds
    }

    static func consumeRate(count: Int, topic: String, group: String, servers: String, logger: Logger) async throws -> Double {
        var configuration = KafkaConsumerConfiguration(groupID: group, topics: [topic], bootstrapServers: servers)
        configuration.sessionTimeout = .milliseconds(6_000)
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        return try await ConsumeRate.measure(consumer, count: count, name: "raw consumer")
    }

    /// COPY of the lines as `events`-shaped rows into a plain table (no keys, no indexes).
    static func copyRate(_ lines: [String], keys: [String], client: PostgresClient) async throws -> Double {
        try await client.query(
            """
            CREATE TABLE raw_copy (source text, event_id text, person_id text, payload text, topic text, partition int, kafka_offset bigint)
            """
        )
        let chunks = BenchCopy.chunks(
            lines.enumerated().lazy.map { index, line in
                ["bench", "ev-\(index)", keys[index], line, "raw", String(index % 6), String(index)]
            }
        )
        return try await BenchCopy.rate(chunks, rows: lines.count, into: "raw_copy", client: client)
    }
}
