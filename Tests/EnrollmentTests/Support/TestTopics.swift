import ChildProcess
import Foundation
import Kafka
import Testing

/// Private topics on the local broker, and reading them back with the Kafka layer.
enum TestTopics {
    static var tansuBinary: String {
        if let path = TestStack.environment["TANSU_BIN"], !path.isEmpty { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".local/tools/tansu").path
    }

    /// Creates a topic with the Tansu CLI (topics are in memory and per broker run).
    static func create(_ name: String, partitions: Int = 3) async throws {
        let outcome: ChildProcess.Outcome
        do {
            outcome = try await ChildProcess.run(
                self.tansuBinary,
                ["topic", "create", name, "--broker", "tcp://\(TestStack.bootstrapServers)", "--partitions", String(partitions)],
                output: .discard,
                timeout: .seconds(60)
            )
        } catch {
            Issue.record("cannot run \(self.tansuBinary) (set TANSU_BIN): \(error)")
            throw error
        }
        try #require(outcome.status == 0, "tansu topic create \(name) failed: \(TestStack.hint)")
    }

    /// Reads `count` messages from `topics` with a fresh consumer group, or fails after `timeout`.
    static func consume(_ count: Int, from topics: [String], timeout: Duration = .seconds(30)) async throws -> [KafkaConsumerMessage] {
        let configuration = KafkaConsumerConfiguration(
            groupID: TestStack.unique("enrollment-test-group"),
            topics: topics,
            bootstrapServers: TestStack.bootstrapServers,
            clientID: TestStack.unique("enrollment-test-consumer"),
            sessionTimeout: .milliseconds(6_000),
            fetchWaitMax: .milliseconds(50),
            autoOffsetReset: "earliest"
        )
        let consumer = try KafkaConsumer(configuration: configuration, logger: TestStack.logger)
        return try await withThrowingTaskGroup(of: [KafkaConsumerMessage]?.self) { group in
            group.addTask {
                try await consumer.run()
                return nil
            }
            group.addTask {
                var received: [KafkaConsumerMessage] = []
                for await message in consumer.messages {
                    received.append(message)
                    if received.count >= count { break }
                }
                return received
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return []
            }
            var result: [KafkaConsumerMessage] = []
            while let next = try await group.next() {
                if let messages = next {
                    result = messages
                    break
                }
            }
            consumer.triggerGracefulShutdown()
            group.cancelAll()
            return result
        }
    }
}
