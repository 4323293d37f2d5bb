/// Settings of a `KafkaConsumer`: a consumer group member that commits only what it is told
/// to (`enable.auto.commit=false`, `enable.auto.offset.store=false`) with cooperative-sticky
/// assignment.
public struct KafkaConsumerConfiguration: Sendable, Hashable {
    public var bootstrapServers: String
    public var clientID: String
    /// `group.id`.
    public var groupID: String
    /// Topics to subscribe to.
    public var topics: [String]
    /// `session.timeout.ms`. Keep <= 6000 against Tansu (it holds JoinGroup for half of it).
    public var sessionTimeoutMilliseconds: Int
    /// `fetch.wait.max.ms`: the latency floor when caught up.
    public var fetchWaitMaxMilliseconds: Int
    /// `auto.offset.reset` when the group has no committed offset: `earliest` or `latest`.
    public var autoOffsetReset: String
    /// How many messages `messages` takes from librdkafka at once.
    public var pollBatchSize: Int
    /// How long `messages` waits to fill one take from librdkafka.
    public var pollMaxWait: Duration
    /// How long the consumer waits for the caller to handle an assignment or revocation event
    /// before it goes on alone.
    public var rebalanceTimeout: Duration
    /// Whether the consumer waits (up to `rebalanceTimeout`) for the caller to handle each
    /// `events` element before messages of newly assigned partitions flow or revoked ones go.
    /// Turn on when you iterate `events` to seek on assignment or flush on revocation.
    public var waitsForEventHandling: Bool
    /// How often the consumer-lag gauge is refreshed.
    public var lagReportInterval: Duration
    /// Any librdkafka property; wins over the typed settings.
    public var properties: [String: String]

    public init(
        groupID: String,
        topics: [String],
        bootstrapServers: String = "127.0.0.1:59092",
        clientID: String = "insurance-backbone",
        sessionTimeoutMilliseconds: Int = 6_000,
        fetchWaitMaxMilliseconds: Int = 50,
        autoOffsetReset: String = "earliest",
        pollBatchSize: Int = 1_000,
        pollMaxWait: Duration = .milliseconds(10),
        rebalanceTimeout: Duration = .seconds(60),
        waitsForEventHandling: Bool = false,
        lagReportInterval: Duration = .seconds(5),
        properties: [String: String] = [:]
    ) {
        self.groupID = groupID
        self.topics = topics
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.sessionTimeoutMilliseconds = sessionTimeoutMilliseconds
        self.fetchWaitMaxMilliseconds = fetchWaitMaxMilliseconds
        self.autoOffsetReset = autoOffsetReset
        self.pollBatchSize = pollBatchSize
        self.pollMaxWait = pollMaxWait
        self.rebalanceTimeout = rebalanceTimeout
        self.waitsForEventHandling = waitsForEventHandling
        self.lagReportInterval = lagReportInterval
        self.properties = properties
    }

    /// Reads `KAFKA_BOOTSTRAP_SERVERS`, `KAFKA_CLIENT_ID`, `KAFKA_GROUP_ID` (else `groupID`),
    /// `KAFKA_SESSION_TIMEOUT_MS`, `KAFKA_FETCH_WAIT_MAX_MS` and `KAFKA_PROPERTY_*`.
    public static func fromEnvironment(
        _ environment: [String: String], groupID: String, topics: [String]
    ) throws(KafkaConfigurationError) -> Self {
        var configuration = Self(groupID: environment["KAFKA_GROUP_ID"] ?? groupID, topics: topics)
        if let servers = environment["KAFKA_BOOTSTRAP_SERVERS"] { configuration.bootstrapServers = servers }
        if let clientID = environment["KAFKA_CLIENT_ID"] { configuration.clientID = clientID }
        if let session = try KafkaEnvironment.integer("KAFKA_SESSION_TIMEOUT_MS", in: environment) {
            configuration.sessionTimeoutMilliseconds = session
        }
        if let wait = try KafkaEnvironment.integer("KAFKA_FETCH_WAIT_MAX_MS", in: environment) {
            configuration.fetchWaitMaxMilliseconds = wait
        }
        configuration.properties = KafkaEnvironment.properties(from: environment)
        return configuration
    }

    var librdkafkaProperties: [String: String] {
        var result = [
            "bootstrap.servers": bootstrapServers,
            "client.id": clientID,
            "group.id": groupID,
            "enable.auto.commit": "false",
            "enable.auto.offset.store": "false",
            "partition.assignment.strategy": "cooperative-sticky",
            "session.timeout.ms": String(sessionTimeoutMilliseconds),
            "heartbeat.interval.ms": String(max(100, sessionTimeoutMilliseconds / 3)),
            "fetch.wait.max.ms": String(fetchWaitMaxMilliseconds),
            "auto.offset.reset": autoOffsetReset,
        ]
        result.merge(properties) { _, override in override }
        return result
    }
}
