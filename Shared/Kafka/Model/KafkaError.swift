import CRdKafka

/// The one error type of the Kafka layer: librdkafka's error code and text, and what a
/// caller may do about it.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// librdkafka's error code (negative: local errors, positive: broker errors).
    public let code: Code
    /// Human readable explanation.
    public let message: String
    /// Sending (or committing) again may succeed: the cause is transient (timeouts, broker down,
    /// leader moving, queue full, shutdown purge before the message was written).
    public let isRetriable: Bool
    /// The client can no longer be used (for example the idempotent producer lost its state).
    public let isFatal: Bool

    public init(code: Code, message: String, isRetriable: Bool, isFatal: Bool) {
        self.code = code
        self.message = message
        self.isRetriable = isRetriable
        self.isFatal = isFatal
    }

    /// librdkafka's symbolic name of the code, for example `_MSG_TIMED_OUT`.
    public var codeName: String { code.name }

    public var description: String { "KafkaError(\(codeName) [\(code.rawValue)]: \(message))" }

    /// An error built from a bare response code, classified by the codes librdkafka and
    /// Kafka document as transient.
    init(_ err: rd_kafka_resp_err_t, message: String? = nil) {
        let text = message ?? String(cString: rd_kafka_err2str(err))
        self.init(
            code: Code(err),
            message: text,
            isRetriable: Self.retriableCodes.contains(Code(err)),
            isFatal: Code(err) == .fatal
        )
    }

    /// Takes ownership of an `rd_kafka_error_t` and destroys it.
    init(consuming error: OpaquePointer) {
        defer { rd_kafka_error_destroy(error) }
        self.init(
            code: Code(rd_kafka_error_code(error)),
            message: String(cString: rd_kafka_error_string(error)),
            isRetriable: rd_kafka_error_is_retriable(error) != 0
                || Self.retriableCodes.contains(Code(rd_kafka_error_code(error))),
            isFatal: rd_kafka_error_is_fatal(error) != 0
        )
    }

    /// A configuration property librdkafka refused.
    static func configuration(property: String, reason: String) -> KafkaError {
        KafkaError(
            code: .invalidArgument,
            message: "configuration property '\(property)': \(reason)",
            isRetriable: false,
            isFatal: false
        )
    }

    /// The client was shut down before the operation could start.
    static let shutDown = KafkaError(
        code: .destroy,
        message: "the Kafka client is shutting down",
        isRetriable: false,
        isFatal: false
    )

    /// The awaiting task was cancelled before the message was handed to librdkafka.
    static let cancelled = KafkaError(
        code: .interrupted,
        message: "the sending task was cancelled before the message was enqueued",
        isRetriable: true,
        isFatal: false
    )

    private static let retriableCodes: Set<Code> = [
        .messageTimedOut, .timedOut, .timedOutQueue, .transport, .allBrokersDown, .queueFull, .purgeQueue,
        .purgeInflight, .resolve, .waitCoordinator, .unknownPartition, .requestTimedOut, .notEnoughReplicas,
        .notEnoughReplicasAfterAppend, .leaderNotAvailable, .notLeaderForPartition, .networkException,
        .coordinatorNotAvailable, .notCoordinator, .coordinatorLoadInProgress, .rebalanceInProgress,
        .unknownTopicOrPartition,
    ]
}
