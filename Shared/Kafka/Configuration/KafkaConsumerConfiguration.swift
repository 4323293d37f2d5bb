/// Settings of a `KafkaConsumer`: a consumer group member that commits only what it is told
/// to (`enable.auto.commit=false`, `enable.auto.offset.store=false`) with cooperative-sticky
/// assignment.
public struct KafkaConsumerConfiguration: Sendable, Hashable {
    /// `bootstrap.servers`, comma separated `host:port`; no default here (the services' and the
    /// tools' default is `StackDefaults.kafkaBootstrapServers`, in `Settings`).
    public var bootstrapServers: String
    public var clientID: String
    /// `group.id`.
    public var groupID: String
    /// Topics to subscribe to.
    public var topics: [String]
    /// `session.timeout.ms` (whole milliseconds). Keep <= 6 s against Tansu (it holds
    /// JoinGroup for half of it).
    public var sessionTimeout: Duration
    /// `fetch.wait.max.ms`: the latency floor when caught up (whole milliseconds).
    public var fetchWaitMax: Duration
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
        bootstrapServers: String,
        clientID: String = "insurance-backbone",
        sessionTimeout: Duration = .seconds(6),
        fetchWaitMax: Duration = .milliseconds(50),
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
        self.sessionTimeout = sessionTimeout
        self.fetchWaitMax = fetchWaitMax
        self.autoOffsetReset = autoOffsetReset
        self.pollBatchSize = pollBatchSize
        self.pollMaxWait = pollMaxWait
        self.rebalanceTimeout = rebalanceTimeout
        self.waitsForEventHandling = waitsForEventHandling
        self.lagReportInterval = lagReportInterval
        self.properties = properties
    }

    var librdkafkaProperties: [String: String] {
        var result = [
            "bootstrap.servers": bootstrapServers,
            "client.id": clientID,
            "group.id": groupID,
            "enable.auto.commit": "false",
            "enable.auto.offset.store": "false",
            "partition.assignment.strategy": "cooperative-sticky",
            "session.timeout.ms": String(sessionTimeout.milliseconds),
            "heartbeat.interval.ms": String(max(100, sessionTimeout.milliseconds / 3)),
            "fetch.wait.max.ms": String(fetchWaitMax.milliseconds),
            "auto.offset.reset": autoOffsetReset,
        ]
        result.merge(properties) { _, override in override }
        return result
    }
}
