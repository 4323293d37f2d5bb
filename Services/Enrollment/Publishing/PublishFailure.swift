import Kafka

/// Sorts librdkafka's delivery errors into what the HTTP answer must say: retry later (503),
/// too large (413), or refused for good (500). Only errors known to pass are transient;
/// an error this table does not know and librdkafka does not call retriable is permanent,
/// so that a client is never told to retry forever what can never succeed.
enum PublishFailure {
    /// The event (with key and headers) exceeds a size limit of the producer or the broker.
    static let tooLarge: Set<KafkaError.Code> = [.messageSizeTooLarge, .recordListTooLarge, .invalidMessageSize]

    /// Never better on a retry, whatever librdkafka's retriable flag says (it calls an
    /// unknown topic retriable because a topic may be in the middle of being created; once
    /// the delivery has failed, `message.timeout.ms` has passed and it does not exist).
    static let permanent: Set<KafkaError.Code> = [
        .unknownTopic, .unknownTopicOrPartition, .unknownPartition, .topicAuthorizationFailed,
        .clusterAuthorizationFailed, .transactionalIDAuthorizationFailed, .saslAuthenticationFailed,
        .authentication, .invalidArgument, .badMessage, .invalidMessage, .invalidRecord, .topicException,
        .invalidRequiredAcks, .policyViolation, .unsupportedVersion, .unsupportedForMessageFormat,
        .fatal, .fenced, .keySerialization, .valueSerialization, .unsupportedFeature,
    ]

    /// Transient beyond librdkafka's retriable flag: the client shutting down or the waiting
    /// task cancelled (another replica may take the retry).
    static let transient: Set<KafkaError.Code> = [.destroy, .interrupted]

    /// The delivery (or the wait for it) ran out of time.
    static let timedOut: Set<KafkaError.Code> = [.messageTimedOut, .timedOut]

    static func classify(_ error: KafkaError, messageTimeout: Duration) -> PublishError {
        let reason = "\(error.codeName): \(error.message)"
        if timedOut.contains(error.code) { return .timedOut(after: messageTimeout) }
        if tooLarge.contains(error.code) { return .tooLarge(reason: reason) }
        if error.isFatal || permanent.contains(error.code) { return .refused(reason: reason) }
        if error.isRetriable || transient.contains(error.code) { return .unavailable(reason: reason) }
        return .refused(reason: reason)
    }
}
