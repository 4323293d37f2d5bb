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

    /// What a failed delivery, or the wait for one, means for whoever sent the message: the
    /// one classification every producer of the project uses (the enrollment service's HTTP
    /// answers, the benefits service's dead letters).
    public enum DeliveryVerdict: String, Sendable, Hashable, CaseIterable {
        /// The broker did not acknowledge in time (`message.timeout.ms`, or the wait's own limit):
        /// sending again may succeed.
        case timedOut
        /// The message (with key and headers) exceeds a size limit of the producer or the broker:
        /// never better on a retry.
        case tooLarge
        /// Refused for good: an unknown topic or partition, no permission, an invalid record, a
        /// fatal client error, or a code not known to pass.
        case permanent
        /// The broker is away or busy, or the client is shutting down: sending again may succeed.
        case transient
    }

    /// This error's verdict for a failed delivery (see `DeliveryVerdict`). Only codes known to
    /// pass are transient: a code this table does not know and librdkafka does not call
    /// retriable is permanent, so that nobody retries forever what can never succeed.
    public var deliveryVerdict: DeliveryVerdict {
        if Self.deliveryTimedOutCodes.contains(code) { return .timedOut }
        if Self.tooLargeCodes.contains(code) { return .tooLarge }
        if isFatal || Self.permanentDeliveryCodes.contains(code) { return .permanent }
        if isRetriable || Self.transientDeliveryCodes.contains(code) { return .transient }
        return .permanent
    }

    static let deliveryTimedOutCodes: Set<Code> = [.messageTimedOut, .timedOut]

    static let tooLargeCodes: Set<Code> = [.messageSizeTooLarge, .recordListTooLarge, .invalidMessageSize]

    /// Never better on a retry, whatever librdkafka's retriable flag says. It calls an unknown
    /// topic or partition retriable because a topic may be in the middle of being created, but
    /// once a delivery has failed `message.timeout.ms` has passed and it still does not exist.
    static let permanentDeliveryCodes: Set<Code> = [
        .unknownTopic, .unknownTopicOrPartition, .unknownPartition, .topicAuthorizationFailed,
        .clusterAuthorizationFailed, .transactionalIDAuthorizationFailed, .saslAuthenticationFailed,
        .authentication, .invalidArgument, .badMessage, .invalidMessage, .invalidRecord, .topicException,
        .invalidRequiredAcks, .policyViolation, .unsupportedVersion, .unsupportedForMessageFormat,
        .fatal, .fenced, .keySerialization, .valueSerialization, .unsupportedFeature,
    ]

    /// Transient beyond librdkafka's retriable flag: the client shutting down, or the waiting
    /// task cancelled (another replica, or the next attempt, may deliver it).
    static let transientDeliveryCodes: Set<Code> = [.destroy, .interrupted]

    private static let retriableCodes: Set<Code> = [
        .messageTimedOut, .timedOut, .timedOutQueue, .transport, .allBrokersDown, .queueFull, .purgeQueue,
        .purgeInflight, .resolve, .waitCoordinator, .unknownPartition, .requestTimedOut, .notEnoughReplicas,
        .notEnoughReplicasAfterAppend, .leaderNotAvailable, .notLeaderForPartition, .networkException,
        .coordinatorNotAvailable, .notCoordinator, .coordinatorLoadInProgress, .rebalanceInProgress,
        .unknownTopicOrPartition,
    ]
}
