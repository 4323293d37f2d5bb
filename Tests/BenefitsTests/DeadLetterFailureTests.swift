@testable import Benefits
import Kafka
import Testing

/// Which broker answers give a dead letter up (noted in rejected_events) and which are waited for.
@Suite("Dead-letter failures")
struct DeadLetterFailureTests {
    static func error(_ code: KafkaError.Code, retriable: Bool, fatal: Bool = false) -> KafkaError {
        KafkaError(code: code, message: "test", isRetriable: retriable, isFatal: fatal)
    }

    /// A code this layer has no name for (librdkafka's codes end well below it).
    static let unknownCode = KafkaError.Code(rawValue: 9_999)

    @Test("given up for good", arguments: [
        error(.unknownTopicOrPartition, retriable: true),
        error(.unknownTopic, retriable: false),
        error(.topicAuthorizationFailed, retriable: false),
        error(.messageSizeTooLarge, retriable: false),
        error(.recordListTooLarge, retriable: false),
        error(.fatal, retriable: false, fatal: true),
        error(unknownCode, retriable: false),
    ])
    func permanent(error: KafkaError) {
        #expect(DeadLetterSender.isPermanent(error))
    }

    @Test("retried: the broker is away or busy", arguments: [
        error(.transport, retriable: true),
        error(.messageTimedOut, retriable: true),
        error(.allBrokersDown, retriable: true),
        error(.notLeaderForPartition, retriable: true),
        error(.queueFull, retriable: true),
    ])
    func transient(error: KafkaError) {
        #expect(!DeadLetterSender.isPermanent(error))
    }
}
