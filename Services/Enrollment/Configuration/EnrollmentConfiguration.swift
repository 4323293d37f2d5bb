import ServiceSupport

/// Everything the enrollment service reads from its environment, with local defaults.
public struct EnrollmentConfiguration: Sendable {
    /// `ENROLLMENT_HOST`, default `127.0.0.1`.
    public var host: String
    /// `ENROLLMENT_PORT`, default `8080`.
    public var port: Int
    /// `ENROLLMENT_MAX_BODY_BYTES`, default 5 MiB; larger bodies get 413.
    public var maxBodyBytes: Int
    /// `ENROLLMENT_MAX_BATCH`, default 1000; larger batches get 413.
    public var maxBatch: Int
    /// `ENROLLMENT_RETRY_AFTER_SECONDS`, default 5: the `Retry-After` of a 503.
    public var retryAfterSeconds: Int
    /// `ENROLLMENT_PUBLISH_TIMEOUT_MS`, default 10000: how long to wait for acknowledgements.
    public var publishTimeout: Duration
    /// `KAFKA_BOOTSTRAP_SERVERS`, default `127.0.0.1:59092`.
    public var kafkaBootstrapServers: String
    /// `KAFKA_TOPIC_ENROLLMENTS`, `KAFKA_TOPIC_CONTRIBUTIONS`, `KAFKA_TOPIC_BINDINGS`.
    public var topics: TopicNames
    /// `ENROLLMENT_TOKENS_FILE`: JSON file of token hashes and their allowed sources.
    public var tokensFile: String?
    /// `ENROLLMENT_TOKENS`: `name:token:/prefix1|/prefix2;...`, for local use.
    public var tokens: String?
    /// `ENROLLMENT_POLICY_FILE`: policy parameters (JSON); the bundled defaults otherwise.
    public var policyFile: String?
    /// `INSURANCE_DEV_MODE`: with no token configured, accept `dev-token` (loopback only)
    /// instead of refusing to start. Never in production.
    public var developmentMode: Bool

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        maxBodyBytes: Int = 5 * 1024 * 1024,
        maxBatch: Int = 1000,
        retryAfterSeconds: Int = 5,
        publishTimeout: Duration = .seconds(10),
        kafkaBootstrapServers: String = "127.0.0.1:59092",
        topics: TopicNames = TopicNames(),
        tokensFile: String? = nil,
        tokens: String? = nil,
        policyFile: String? = nil,
        developmentMode: Bool = false
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.maxBatch = maxBatch
        self.retryAfterSeconds = retryAfterSeconds
        self.publishTimeout = publishTimeout
        self.kafkaBootstrapServers = kafkaBootstrapServers
        self.topics = topics
        self.tokensFile = tokensFile
        self.tokens = tokens
        self.policyFile = policyFile
        self.developmentMode = developmentMode
    }

    /// Reads the variables above; a malformed number is an error naming the variable.
    public init(environment: [String: String]) throws {
        let defaults = EnrollmentConfiguration()
        func integer(_ name: String, _ fallback: Int, minimum: Int) throws -> Int {
            guard let text = environment[name].nonEmpty else { return fallback }
            guard let value = Int(text), value >= minimum else {
                throw ConfigurationError(setting: name, rule: "must be a whole number >= \(minimum), got '\(text)'")
            }
            return value
        }
        self.init(
            host: environment["ENROLLMENT_HOST"].nonEmpty ?? defaults.host,
            port: try integer("ENROLLMENT_PORT", defaults.port, minimum: 0),
            maxBodyBytes: try integer("ENROLLMENT_MAX_BODY_BYTES", defaults.maxBodyBytes, minimum: 1),
            maxBatch: try integer("ENROLLMENT_MAX_BATCH", defaults.maxBatch, minimum: 1),
            retryAfterSeconds: try integer("ENROLLMENT_RETRY_AFTER_SECONDS", defaults.retryAfterSeconds, minimum: 1),
            publishTimeout: .milliseconds(try integer("ENROLLMENT_PUBLISH_TIMEOUT_MS", 10_000, minimum: 1)),
            kafkaBootstrapServers: environment["KAFKA_BOOTSTRAP_SERVERS"].nonEmpty ?? defaults.kafkaBootstrapServers,
            topics: TopicNames(environment: environment),
            tokensFile: environment["ENROLLMENT_TOKENS_FILE"].nonEmpty,
            tokens: environment["ENROLLMENT_TOKENS"].nonEmpty,
            policyFile: environment["ENROLLMENT_POLICY_FILE"].nonEmpty,
            developmentMode: try Self.developmentMode(environment)
        )
    }

    /// `INSURANCE_DEV_MODE`, read as the benefits service reads it; errors in this module's type.
    private static func developmentMode(_ environment: [String: String]) throws -> Bool {
        do {
            return try DevelopmentMode.isRequested(ServiceEnvironment(environment))
        } catch let error as ServiceSupport.ConfigurationError {
            throw ConfigurationError(setting: error.variable, rule: error.rule)
        }
    }
}
