import Kafka

/// Sorts librdkafka's delivery errors into what the HTTP answer must say: retry later (503),
/// too large (413), or refused for good (500). Only errors known to pass are transient;
/// an error this table does not know and librdkafka does not call retriable is permanent,
/// so that a client is never told to retry forever what can never succeed.
enum PublishFailure {
    /// The event (with key and headers) exceeds a size limit of the producer or the broker.
    static let tooLarge: Set<String> = ["_MSG_SIZE_TOO_LARGE", "MSG_SIZE_TOO_LARGE", "RECORD_LIST_TOO_LARGE", "INVALID_MSG_SIZE"]

    /// Never better on a retry, whatever librdkafka's retriable flag says (it calls an
    /// unknown topic retriable because a topic may be in the middle of being created; once
    /// the delivery has failed, `message.timeout.ms` has passed and it does not exist).
    static let permanent: Set<String> = [
        "_UNKNOWN_TOPIC", "UNKNOWN_TOPIC_OR_PART", "_UNKNOWN_PARTITION", "TOPIC_AUTHORIZATION_FAILED",
        "CLUSTER_AUTHORIZATION_FAILED", "TRANSACTIONAL_ID_AUTHORIZATION_FAILED", "SASL_AUTHENTICATION_FAILED",
        "_AUTHENTICATION", "_INVALID_ARG", "_BAD_MSG", "INVALID_MSG", "INVALID_RECORD", "INVALID_TOPIC_EXCEPTION",
        "INVALID_REQUIRED_ACKS", "POLICY_VIOLATION", "UNSUPPORTED_VERSION", "UNSUPPORTED_FOR_MESSAGE_FORMAT",
        "_FATAL", "_FENCED", "_KEY_SERIALIZATION", "_VALUE_SERIALIZATION", "_UNSUPPORTED_FEATURE",
    ]

    /// Transient beyond librdkafka's retriable flag: the client shutting down or the waiting
    /// task cancelled (another replica may take the retry).
    static let transient: Set<String> = ["_DESTROY", "_INTR"]

    static func classify(_ error: KafkaError, messageTimeout: Duration) -> PublishError {
        let reason = "\(error.codeName): \(error.message)"
        if error.codeName == "_MSG_TIMED_OUT" || error.codeName == "_TIMED_OUT" { return .timedOut(after: messageTimeout) }
        if tooLarge.contains(error.codeName) { return .tooLarge(reason: reason) }
        if error.isFatal || permanent.contains(error.codeName) { return .refused(reason: reason) }
        if error.isRetriable || transient.contains(error.codeName) { return .unavailable(reason: reason) }
        return .refused(reason: reason)
    }
}
