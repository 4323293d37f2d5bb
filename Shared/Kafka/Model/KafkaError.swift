import CRdKafka

/// The one error type of the Kafka layer: librdkafka's error code and text, and what a
/// caller may do about it.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// librdkafka's `rd_kafka_resp_err_t` value (negative: local errors, positive: broker errors).
    public let code: Int32
    /// librdkafka's symbolic name of the code, for example `_MSG_TIMED_OUT`.
    public let codeName: String
    /// Human readable explanation.
    public let message: String
    /// Sending (or committing) again may succeed: the cause is transient (timeouts, broker down,
    /// leader moving, queue full, shutdown purge before the message was written).
    public let isRetriable: Bool
    /// The client can no longer be used (for example the idempotent producer lost its state).
    public let isFatal: Bool

    public init(code: Int32, codeName: String, message: String, isRetriable: Bool, isFatal: Bool) {
        self.code = code
        self.codeName = codeName
        self.message = message
        self.isRetriable = isRetriable
        self.isFatal = isFatal
    }

    public var description: String { "KafkaError(\(codeName) [\(code)]: \(message))" }

    /// An error built from a bare response code, classified by the codes librdkafka and
    /// Kafka document as transient.
    init(_ err: rd_kafka_resp_err_t, message: String? = nil) {
        let text = message ?? String(cString: rd_kafka_err2str(err))
        self.init(
            code: err.rawValue,
            codeName: String(cString: rd_kafka_err2name(err)),
            message: text,
            isRetriable: Self.retriableCodes.contains(err.rawValue),
            isFatal: err == RD_KAFKA_RESP_ERR__FATAL
        )
    }

    /// Takes ownership of an `rd_kafka_error_t` and destroys it.
    init(consuming error: OpaquePointer) {
        defer { rd_kafka_error_destroy(error) }
        self.init(
            code: rd_kafka_error_code(error).rawValue,
            codeName: String(cString: rd_kafka_error_name(error)),
            message: String(cString: rd_kafka_error_string(error)),
            isRetriable: rd_kafka_error_is_retriable(error) != 0
                || Self.retriableCodes.contains(rd_kafka_error_code(error).rawValue),
            isFatal: rd_kafka_error_is_fatal(error) != 0
        )
    }

    /// A configuration property librdkafka refused.
    static func configuration(property: String, reason: String) -> KafkaError {
        KafkaError(
            code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue, codeName: "_INVALID_ARG",
            message: "configuration property '\(property)': \(reason)", isRetriable: false, isFatal: false)
    }

    /// The client was shut down before the operation could start.
    static let shutDown = KafkaError(
        code: RD_KAFKA_RESP_ERR__DESTROY.rawValue, codeName: "_DESTROY",
        message: "the Kafka client is shutting down", isRetriable: false, isFatal: false)

    /// The awaiting task was cancelled before the message was handed to librdkafka.
    static let cancelled = KafkaError(
        code: RD_KAFKA_RESP_ERR__INTR.rawValue, codeName: "_INTR",
        message: "the sending task was cancelled before the message was enqueued", isRetriable: true,
        isFatal: false)

    private static let retriableCodes: Set<Int32> = [
        RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE,
        RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__QUEUE_FULL,
        RD_KAFKA_RESP_ERR__PURGE_QUEUE, RD_KAFKA_RESP_ERR__PURGE_INFLIGHT, RD_KAFKA_RESP_ERR__RESOLVE,
        RD_KAFKA_RESP_ERR__WAIT_COORD, RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION,
        RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
        RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_COORDINATOR,
        RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
        RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
    ].reduce(into: Set<Int32>()) { $0.insert($1.rawValue) }
}
