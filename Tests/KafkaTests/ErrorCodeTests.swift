import Testing

@testable import Kafka

/// The named codes are librdkafka's own: each name matches the symbolic name librdkafka gives
/// the number, so that a decision made on `.messageTimedOut` is a decision on `_MSG_TIMED_OUT`.
@Suite("Kafka error codes and offsets")
struct ErrorCodeTests {
    static let names: [(KafkaError.Code, String)] = [
        (.messageTimedOut, "_MSG_TIMED_OUT"), (.timedOut, "_TIMED_OUT"), (.queueFull, "_QUEUE_FULL"),
        (.state, "_STATE"), (.destroy, "_DESTROY"), (.interrupted, "_INTR"), (.invalidArgument, "_INVALID_ARG"),
        (.fatal, "_FATAL"), (.partitionEOF, "_PARTITION_EOF"), (.transport, "_TRANSPORT"),
        (.allBrokersDown, "_ALL_BROKERS_DOWN"), (.unknownTopic, "_UNKNOWN_TOPIC"), (.unknownPartition, "_UNKNOWN_PARTITION"),
        (.messageSizeTooLarge, "MSG_SIZE_TOO_LARGE"), (.recordListTooLarge, "RECORD_LIST_TOO_LARGE"),
        (.invalidMessageSize, "INVALID_MSG_SIZE"), (.unknownTopicOrPartition, "UNKNOWN_TOPIC_OR_PART"),
        (.topicAuthorizationFailed, "TOPIC_AUTHORIZATION_FAILED"), (.notLeaderForPartition, "NOT_LEADER_FOR_PARTITION"),
        (.illegalGeneration, "ILLEGAL_GENERATION"), (.unknownMemberID, "UNKNOWN_MEMBER_ID"),
        (.rebalanceInProgress, "REBALANCE_IN_PROGRESS"), (.assignmentLost, "_ASSIGNMENT_LOST"),
        (.topicException, "TOPIC_EXCEPTION"), (.policyViolation, "POLICY_VIOLATION"), (.invalidRecord, "INVALID_RECORD"),
    ]

    @Test("each named code carries librdkafka's symbolic name", arguments: names)
    func codeNames(code: KafkaError.Code, name: String) {
        #expect(code.name == name)
        #expect(KafkaError(code: code, message: "m", isRetriable: false, isFatal: false).codeName == name)
    }

    @Test("codes librdkafka calls transient are retriable; a fatal code is fatal")
    func classification() {
        #expect(KafkaError.shutDown.code == .destroy)
        #expect(KafkaError.cancelled.code == .interrupted && KafkaError.cancelled.isRetriable)
        let invalid = KafkaError.configuration(property: "p", reason: "r")
        #expect(invalid.code == .invalidArgument && !invalid.isRetriable)
        #expect("\(invalid)" == "KafkaError(_INVALID_ARG [\(invalid.code.rawValue)]: configuration property 'p': r)")
    }

    @Test("logical offsets are librdkafka's")
    func offsets() {
        #expect(KafkaOffset.beginning.rawValue == -2)
        #expect(KafkaOffset.end.rawValue == -1)
        #expect(KafkaOffset.stored.rawValue == -1000)
        #expect(KafkaOffset.invalid.rawValue == -1001)
        #expect(!KafkaOffset.invalid.isConcrete && KafkaOffset(rawValue: 0).isConcrete)
        #expect(KafkaTopicPartitionOffset(KafkaTopicPartition(topic: "t", partition: 1), offset: .stored).offset == -1000)
    }
}
