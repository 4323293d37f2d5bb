/// Settings of a `KafkaProducer`. Idempotent with `acks=all` and the Java client's key
/// partitioning (`murmur2_random`) unless `properties` overrides them.
public struct KafkaProducerConfiguration: Sendable, Hashable {
    /// `bootstrap.servers`, comma separated `host:port`; no default here (the services' and the
    /// tools' default is `StackDefaults.kafkaBootstrapServers`, in `Settings`).
    public var bootstrapServers: String
    /// `client.id`, shown in broker logs.
    public var clientID: String
    /// `linger.ms`: how long to wait to fill a batch (whole milliseconds).
    public var linger: Duration
    /// `message.timeout.ms`: how long librdkafka keeps retrying a message before the send fails
    /// (whole milliseconds).
    public var messageTimeout: Duration
    /// `batch.num.messages`: messages per produce request and partition.
    public var batchMessages: Int
    /// `queue.buffering.max.messages`: messages waiting in the client before sends wait for room.
    public var queueMaxMessages: Int
    /// How long a graceful shutdown waits for in-flight messages before failing the rest.
    public var shutdownFlushTimeout: Duration
    /// Any librdkafka property (TLS, SASL, compression...); wins over the typed settings.
    public var properties: [String: String]

    public init(
        bootstrapServers: String,
        clientID: String = "insurance-backbone",
        linger: Duration = .milliseconds(5),
        messageTimeout: Duration = .seconds(30),
        batchMessages: Int = 10_000,
        queueMaxMessages: Int = 200_000,
        shutdownFlushTimeout: Duration = .seconds(10),
        properties: [String: String] = [:]
    ) {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.linger = linger
        self.messageTimeout = messageTimeout
        self.batchMessages = batchMessages
        self.queueMaxMessages = queueMaxMessages
        self.shutdownFlushTimeout = shutdownFlushTimeout
        self.properties = properties
    }

    /// The full librdkafka property set.
    var librdkafkaProperties: [String: String] {
        var result = [
            "bootstrap.servers": bootstrapServers,
            "client.id": clientID,
            "enable.idempotence": "true",
            "acks": "all",
            "linger.ms": String(linger.milliseconds),
            "message.timeout.ms": String(messageTimeout.milliseconds),
            "batch.num.messages": String(batchMessages),
            "queue.buffering.max.messages": String(queueMaxMessages),
            // The Java client's partitioner (murmur2 of the key bytes, & 0x7fffffff, mod the
            // partition count; random for an empty key): a person's events land on the same
            // partition whether this layer or an upstream Java producer wrote them.
            "partitioner": "murmur2_random",
        ]
        result.merge(properties) { _, override in override }
        return result
    }
}
