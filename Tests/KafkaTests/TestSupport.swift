import Foundation
import Logging
import TestSupport
import Testing

@testable import Kafka

/// The broker these tests talk to (scripts/stack.sh starts it); tests fail, never skip, without it.
enum TestBroker {
    static let environment = ProcessInfo.processInfo.environment
    static var bootstrapServers: String { StackAddress().kafkaBootstrapServers }
    static var pidFile: String { environment["KAFKA_BROKER_PID_FILE"] ?? ".local/run/tansu.pid" }

    static let logger: Logger = {
        var logger = Logger(label: "kafka-tests")
        logger.logLevel = .warning
        return logger
    }()

    /// A fresh topic with `partitions` partitions; fails with a hint when no broker answers.
    static func makeTopic(_ prefix: String, partitions: Int32 = 6) async throws -> String {
        let topic = uniqueName(prefix)
        do {
            try await KafkaAdmin.ensureTopic(topic, partitions: partitions, bootstrapServers: bootstrapServers, timeout: .seconds(10))
        } catch {
            Issue.record("no Kafka broker at \(bootstrapServers) (\(error)); start it: KAFKA_PORT=... scripts/stack.sh up")
            throw error
        }
        return topic
    }

    static func producer(linger: Duration = .milliseconds(5), messageTimeout: Duration = .seconds(30)) throws -> KafkaProducer {
        try KafkaProducer(
            configuration: KafkaProducerConfiguration(
                bootstrapServers: bootstrapServers,
                clientID: "kafka-tests",
                linger: linger,
                messageTimeout: messageTimeout
            ),
            logger: logger
        )
    }

    static func consumerConfiguration(group: String, topic: String) -> KafkaConsumerConfiguration {
        KafkaConsumerConfiguration(
            groupID: group,
            topics: [topic],
            bootstrapServers: bootstrapServers,
            clientID: "kafka-tests",
            sessionTimeout: .milliseconds(6_000),
            fetchWaitMax: .milliseconds(20)
        )
    }
}

/// Runs `body` with a deadline; throws `TimedOut` if it does not finish in time.
struct TimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out: \(what)" }
}

func withDeadline<T: Sendable>(
    _ limit: Duration,
    _ what: String,
    _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw TimedOut(what: what) }
        return value
    }
}

/// Reads batches until `enough` says stop or `limit` passes; returns all messages read.
func collect(
    from consumer: KafkaConsumer,
    limit: Duration,
    maxCount: Int = 2_000,
    until enough: @escaping @Sendable ([KafkaConsumerMessage]) -> Bool
) async -> [KafkaConsumerMessage] {
    let box = Locked<[KafkaConsumerMessage]>([])
    _ = try? await withDeadline(limit, "collect") {
        for await batch in consumer.batches(maxCount: maxCount, maxWait: .milliseconds(50)) {
            let all = box.withLock {
                $0.append(contentsOf: batch)
                return $0
            }
            if enough(all) { break }
        }
        return true
    }
    return box.value
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
