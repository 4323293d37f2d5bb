import ChildProcess
import Foundation
import Kafka
import Logging
import TestSupport
import Testing

@testable import Enrollment

/// The local broker these tests publish to (`scripts/stack.sh up`); tests fail with a
/// clear message rather than skip when it is not there.
enum TestStack {
    static let environment = ProcessInfo.processInfo.environment
    static var bootstrapServers: String { StackAddress().kafkaBootstrapServers }
    static let hint = "start the local stack first (KAFKA_PORT=… scripts/stack.sh up) and export KAFKA_BOOTSTRAP_SERVERS"
    static let logger = Logger(label: "enrollment-tests")

    /// A unique suffix for topics, groups and person ids, so parallel runs never meet.
    static func unique(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// A producer on the local broker, shut down when `body` ends.
    static func withPublisher<T>(
        bootstrapServers: String = TestStack.bootstrapServers,
        messageTimeout: Duration = .seconds(10),
        requireReachable: Bool = true,
        _ body: (KafkaEventPublisher) async throws -> T
    ) async throws -> T {
        let milliseconds = messageTimeout.components.seconds * 1000
        let configuration = KafkaProducerConfiguration(
            bootstrapServers: bootstrapServers,
            clientID: TestStack.unique("enrollment-test"),
            linger: .milliseconds(1),
            messageTimeout: messageTimeout,
            properties: ["socket.timeout.ms": "\(min(milliseconds, 10_000))"]
        )
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        defer { producer.triggerGracefulShutdown() }
        let publisher = KafkaEventPublisher(
            producer: producer,
            messageTimeout: messageTimeout,
            readinessTimeout: requireReachable ? .seconds(15) : .seconds(1)
        )
        if requireReachable {
            let ready = await publisher.isReady()
            try #require(ready, "no Kafka broker answers at \(bootstrapServers): \(hint)")
        }
        return try await body(publisher)
    }

    /// A loopback port where nothing listens: a broker that is down.
    static func closedPort() throws -> Int {
        try LoopbackPort.free()
    }
}
