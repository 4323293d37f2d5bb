import InsuranceDomain
import Logging
import ServiceSupport
import Settings

/// Everything the enrollment service reads from its environment, with local defaults.
struct EnrollmentConfiguration: Sendable {
    /// `ENROLLMENT_HOST`, default `127.0.0.1`.
    var host: String
    /// `ENROLLMENT_PORT`, default `8080`.
    var port: Int
    /// `ENROLLMENT_MAX_BODY_BYTES`, default 5 MiB; larger bodies get 413.
    var maxBodyBytes: Int
    /// `ENROLLMENT_MAX_BATCH`, default 1000; larger batches get 413.
    var maxBatch: Int
    /// `ENROLLMENT_MAX_EVENT_BYTES`: the largest event; by default the producer's
    /// `message.max.bytes` less `EventSizeLimit.reservedBytes` (checked against it at start).
    var maxEventBytes: Int?
    /// `ENROLLMENT_RETRY_AFTER_SECONDS`, default 5: the `Retry-After` of a 503.
    var retryAfterSeconds: Int
    /// `ENROLLMENT_EVENTS_PER_TYPE_AND_YEAR_MAX`, default 200: the most events of one type and
    /// policy year one request or one imported file may carry for one person (`EventsPerTypeAndYear`).
    var eventsPerTypeAndYear = EventsPerTypeAndYear.defaultLimit
    /// `ENROLLMENT_PUBLISH_TIMEOUT_MS`, default 10000: how long to wait for acknowledgements.
    var publishTimeout: Duration
    /// `KAFKA_BOOTSTRAP_SERVERS`, default `StackDefaults.kafkaBootstrapServers`.
    var kafkaBootstrapServers: String
    /// `KAFKA_TOPIC_ENROLLMENTS`, `KAFKA_TOPIC_CONTRIBUTIONS`, `KAFKA_TOPIC_BINDINGS`.
    var topics: TopicNames
    /// `ENROLLMENT_TOKENS_FILE`: JSON file of token hashes and their allowed sources.
    var tokensFile: String?
    /// `ENROLLMENT_TOKENS`: `name:token:/prefix1|/prefix2;...`, for local use.
    var tokens: String?
    /// `POLICY_FILE` (shared with the benefits service; `ENROLLMENT_POLICY_FILE` is a deprecated
    /// alias): policy parameters (JSON); the bundled defaults otherwise. See `PolicyFile`.
    var policyFile: String?
    /// `INSURANCE_DEV_MODE`: with no token configured, accept `dev-token` (loopback only)
    /// instead of refusing to start. Never in production.
    var developmentMode: Bool
    /// The variable that named `policyFile`, for error messages.
    var policyFileVariable: String

    init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        maxBodyBytes: Int = 5 * 1024 * 1024,
        maxBatch: Int = 1000,
        maxEventBytes: Int? = nil,
        retryAfterSeconds: Int = 5,
        publishTimeout: Duration = .seconds(10),
        kafkaBootstrapServers: String = StackDefaults.kafkaBootstrapServers,
        topics: TopicNames = TopicNames(),
        tokensFile: String? = nil,
        tokens: String? = nil,
        policyFile: String? = nil,
        policyFileVariable: String = PolicyFile.variable,
        developmentMode: Bool = false
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.maxBatch = maxBatch
        self.maxEventBytes = maxEventBytes
        self.retryAfterSeconds = retryAfterSeconds
        self.publishTimeout = publishTimeout
        self.kafkaBootstrapServers = kafkaBootstrapServers
        self.topics = topics
        self.tokensFile = tokensFile
        self.tokens = tokens
        self.policyFile = policyFile
        self.developmentMode = developmentMode
        self.policyFileVariable = policyFileVariable
    }

    /// Reads the variables above; a malformed number is an error naming the variable and the rule.
    static func fromEnvironment(_ environment: ServiceEnvironment = ServiceEnvironment()) throws(ConfigurationError) -> Self {
        let policySource = try PolicyFile.source(in: environment, logger: Logger(label: "enrollment-service"))
        let defaults = EnrollmentConfiguration()
        var configuration = Self(
            host: environment.string("ENROLLMENT_HOST", default: defaults.host),
            port: try environment.int("ENROLLMENT_PORT", default: defaults.port, in: 0...Int.max),
            maxBodyBytes: try environment.int("ENROLLMENT_MAX_BODY_BYTES", default: defaults.maxBodyBytes, in: 1...Int.max),
            maxBatch: try environment.int("ENROLLMENT_MAX_BATCH", default: defaults.maxBatch, in: 1...Int.max),
            maxEventBytes: try environment.optionalInt("ENROLLMENT_MAX_EVENT_BYTES", in: 1...Int.max),
            retryAfterSeconds: try environment.int(
                "ENROLLMENT_RETRY_AFTER_SECONDS",
                default: defaults.retryAfterSeconds,
                in: 1...Int.max
            ),
            publishTimeout: try environment.milliseconds(
                "ENROLLMENT_PUBLISH_TIMEOUT_MS",
                default: defaults.publishTimeout,
                in: 1...Int.max
            ),
            kafkaBootstrapServers: environment.string("KAFKA_BOOTSTRAP_SERVERS", default: defaults.kafkaBootstrapServers),
            topics: TopicNames.fromEnvironment(environment),
            tokensFile: environment.optionalString("ENROLLMENT_TOKENS_FILE"),
            tokens: environment.optionalString("ENROLLMENT_TOKENS"),
            policyFile: policySource?.path,
            policyFileVariable: policySource?.variable ?? PolicyFile.variable,
            developmentMode: try DevelopmentMode.isRequested(environment)
        )
        configuration.eventsPerTypeAndYear = try environment.int(
            "ENROLLMENT_EVENTS_PER_TYPE_AND_YEAR_MAX",
            default: defaults.eventsPerTypeAndYear,
            in: 1...10_000
        )
        return configuration
    }
}
