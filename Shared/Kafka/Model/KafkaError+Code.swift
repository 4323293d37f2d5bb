import CRdKafka

extension KafkaError {
    /// librdkafka's `rd_kafka_resp_err_t`: negative values are the client's own errors
    /// (`_MSG_TIMED_OUT`), positive ones the broker's (`MSG_SIZE_TOO_LARGE`).
    ///
    /// Callers decide on these named codes, never on the symbolic names: a misspelt or
    /// invented name (`_MSG_SIZE_TOO_LARGE` does not exist) would silently never match.
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        public let rawValue: Int32

        public init(rawValue: Int32) {
            self.rawValue = rawValue
        }

        init(_ code: rd_kafka_resp_err_t) {
            self.rawValue = code.rawValue
        }

        /// librdkafka's symbolic name, for example `_MSG_TIMED_OUT`.
        public var name: String { String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(rawValue: rawValue))) }

        public var description: String { name }

        // MARK: The client's own errors

        public static let badMessage = Code(RD_KAFKA_RESP_ERR__BAD_MSG)
        public static let destroy = Code(RD_KAFKA_RESP_ERR__DESTROY)
        public static let transport = Code(RD_KAFKA_RESP_ERR__TRANSPORT)
        public static let messageTimedOut = Code(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT)
        public static let partitionEOF = Code(RD_KAFKA_RESP_ERR__PARTITION_EOF)
        public static let unknownPartition = Code(RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION)
        public static let allBrokersDown = Code(RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
        public static let invalidArgument = Code(RD_KAFKA_RESP_ERR__INVALID_ARG)
        public static let timedOut = Code(RD_KAFKA_RESP_ERR__TIMED_OUT)
        public static let queueFull = Code(RD_KAFKA_RESP_ERR__QUEUE_FULL)
        public static let unknownTopic = Code(RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC)
        public static let resolve = Code(RD_KAFKA_RESP_ERR__RESOLVE)
        public static let waitCoordinator = Code(RD_KAFKA_RESP_ERR__WAIT_COORD)
        public static let authentication = Code(RD_KAFKA_RESP_ERR__AUTHENTICATION)
        public static let interrupted = Code(RD_KAFKA_RESP_ERR__INTR)
        public static let keySerialization = Code(RD_KAFKA_RESP_ERR__KEY_SERIALIZATION)
        public static let valueSerialization = Code(RD_KAFKA_RESP_ERR__VALUE_SERIALIZATION)
        public static let unsupportedFeature = Code(RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE)
        public static let timedOutQueue = Code(RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE)
        public static let state = Code(RD_KAFKA_RESP_ERR__STATE)
        public static let purgeQueue = Code(RD_KAFKA_RESP_ERR__PURGE_QUEUE)
        public static let purgeInflight = Code(RD_KAFKA_RESP_ERR__PURGE_INFLIGHT)
        public static let fatal = Code(RD_KAFKA_RESP_ERR__FATAL)
        public static let fenced = Code(RD_KAFKA_RESP_ERR__FENCED)
        public static let assignmentLost = Code(RD_KAFKA_RESP_ERR__ASSIGNMENT_LOST)

        // MARK: The broker's errors

        public static let invalidMessage = Code(RD_KAFKA_RESP_ERR_INVALID_MSG)
        public static let unknownTopicOrPartition = Code(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
        public static let invalidMessageSize = Code(RD_KAFKA_RESP_ERR_INVALID_MSG_SIZE)
        public static let leaderNotAvailable = Code(RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE)
        public static let notLeaderForPartition = Code(RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION)
        public static let requestTimedOut = Code(RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT)
        public static let messageSizeTooLarge = Code(RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE)
        public static let networkException = Code(RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION)
        public static let coordinatorLoadInProgress = Code(RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS)
        public static let coordinatorNotAvailable = Code(RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE)
        public static let notCoordinator = Code(RD_KAFKA_RESP_ERR_NOT_COORDINATOR)
        /// Kafka's `InvalidTopicException`.
        public static let topicException = Code(RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION)
        public static let recordListTooLarge = Code(RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE)
        public static let notEnoughReplicas = Code(RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS)
        public static let notEnoughReplicasAfterAppend = Code(RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND)
        public static let invalidRequiredAcks = Code(RD_KAFKA_RESP_ERR_INVALID_REQUIRED_ACKS)
        public static let illegalGeneration = Code(RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION)
        public static let unknownMemberID = Code(RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID)
        public static let rebalanceInProgress = Code(RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS)
        public static let topicAuthorizationFailed = Code(RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED)
        public static let clusterAuthorizationFailed = Code(RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED)
        public static let unsupportedForMessageFormat = Code(RD_KAFKA_RESP_ERR_UNSUPPORTED_FOR_MESSAGE_FORMAT)
        public static let policyViolation = Code(RD_KAFKA_RESP_ERR_POLICY_VIOLATION)
        public static let outOfOrderSequenceNumber = Code(RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER)
        public static let unsupportedVersion = Code(RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION)
        public static let transactionalIDAuthorizationFailed = Code(RD_KAFKA_RESP_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED)
        public static let saslAuthenticationFailed = Code(RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED)
        public static let invalidRecord = Code(RD_KAFKA_RESP_ERR_INVALID_RECORD)
    }
}
