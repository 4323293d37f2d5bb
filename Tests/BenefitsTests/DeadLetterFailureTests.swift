@testable import Benefits
import Kafka
import Testing

/// Which broker answers give a dead letter up (noted in rejected_events) and which are waited for.
@Suite("Dead-letter failures")
struct DeadLetterFailureTests {
    static func error(_ name: String, retriable: Bool, fatal: Bool = false) -> KafkaError {
        KafkaError(code: 0, codeName: name, message: "test", isRetriable: retriable, isFatal: fatal)
    }

    @Test("given up for good", arguments: [
        error("UNKNOWN_TOPIC_OR_PART", retriable: true),
        error("_UNKNOWN_TOPIC", retriable: false),
        error("TOPIC_AUTHORIZATION_FAILED", retriable: false),
        error("MSG_SIZE_TOO_LARGE", retriable: false),
        error("_MSG_SIZE_TOO_LARGE", retriable: false),
        error("_FATAL", retriable: false, fatal: true),
        error("SOME_NEW_PERMANENT_ERROR", retriable: false),
    ])
    func permanent(error: KafkaError) {
        #expect(IngestionPipeline.isPermanent(error))
    }

    @Test("retried: the broker is away or busy", arguments: [
        error("_TRANSPORT", retriable: true),
        error("_MSG_TIMED_OUT", retriable: true),
        error("_ALL_BROKERS_DOWN", retriable: true),
        error("NOT_LEADER_FOR_PARTITION", retriable: true),
        error("_QUEUE_FULL", retriable: true),
    ])
    func transient(error: KafkaError) {
        #expect(!IngestionPipeline.isPermanent(error))
    }
}
