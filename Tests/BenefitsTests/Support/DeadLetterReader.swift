import Kafka
import TestSupport

/// Reads a dead-letter topic from the start until `count` records arrived or `limit` passed.
enum DeadLetterReader {
    static func read(topic: String, count: Int, limit: Duration = .seconds(30)) async throws -> [KafkaConsumerMessage] {
        var configuration = KafkaConsumerConfiguration(
            groupID: uniqueName("dl"),
            topics: [topic],
            bootstrapServers: PipelineHarness.bootstrapServers,
            sessionTimeout: .milliseconds(6_000),
            fetchWaitMax: .milliseconds(20)
        )
        configuration.autoOffsetReset = "earliest"
        let consumer = try KafkaConsumer(configuration: configuration, logger: PipelineHarness.logger)
        return try await withThrowingTaskGroup(of: [KafkaConsumerMessage]?.self) { group in
            group.addTask {
                try await consumer.run()
                return nil
            }
            group.addTask {
                var seen: [KafkaConsumerMessage] = []
                for await batch in consumer.batches(maxCount: 100, maxWait: .milliseconds(50)) {
                    seen += batch
                    if seen.count >= count { return seen }
                }
                return seen
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            var result: [KafkaConsumerMessage] = []
            while let next = try await group.next() {
                if let next {
                    result = next
                    break
                }
                break
            }
            consumer.triggerGracefulShutdown()
            group.cancelAll()
            return result
        }
    }

    /// A header's value as text.
    static func header(_ name: String, of message: KafkaConsumerMessage) -> String? {
        message.headers.first { $0.key == name }?.value.map { String(decoding: $0, as: UTF8.self) }
    }
}
