/// Settings of a `KafkaProducer`. Idempotent with `acks=all` and the Java client's key
/// partitioning (`murmur2_random`) unless `properties` overrides them.
public struct KafkaProducerConfiguration: Sendable, Hashable {
    /// `bootstrap.servers`, comma separated `host:port`.
    public var bootstrapServers: String
    /// `client.id`, shown in broker logs.
    public var clientID: String
    /// `linger.ms`: how long to wait to fill a batch.
    public var lingerMilliseconds: Int
    /// `message.timeout.ms`: how long librdkafka keeps retrying a message before the send fails.
    public var messageTimeoutMilliseconds: Int
    /// `batch.num.messages`: messages per produce request and partition.
    public var batchMessages: Int
    /// `queue.buffering.max.messages`: messages waiting in the client before sends wait for room.
    public var queueMaxMessages: Int
    /// How long a graceful shutdown waits for in-flight messages before failing the rest.
    public var shutdownFlushTimeout: Duration
    /// Any librdkafka property (TLS, SASL, compression...); wins over the typed settings.
    public var properties: [String: String]

    public init(
        bootstrapServers: String = "127.0.0.1:59092",
        clientID: String = "insurance-backbone",
        lingerMilliseconds: Int = 5,
        messageTimeoutMilliseconds: Int = 30_000,
        batchMessages: Int = 10_000,
        queueMaxMessages: Int = 200_000,
        shutdownFlushTimeout: Duration = .seconds(10),
        properties: [String: String] = [:]
    ) {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.lingerMilliseconds = lingerMilliseconds
        self.messageTimeoutMilliseconds = messageTimeoutMilliseconds
        self.batchMessages = batchMessages
        self.queueMaxMessages = queueMaxMessages
        self.shutdownFlushTimeout = shutdownFlushTimeout
        self.properties = properties
    }

    /// Reads `KAFKA_BOOTSTRAP_SERVERS`, `KAFKA_CLIENT_ID`, `KAFKA_LINGER_MS`,
    /// `KAFKA_MESSAGE_TIMEOUT_MS`, `KAFKA_SHUTDOWN_FLUSH_TIMEOUT_MS` and `KAFKA_PROPERTY_*`.
    public static func fromEnvironment(_ environment: [String: String]) throws(KafkaConfigurationError) -> Self {
        var configuration = Self()
        if let servers = environment["KAFKA_BOOTSTRAP_SERVERS"] { configuration.bootstrapServers = servers }
        if let clientID = environment["KAFKA_CLIENT_ID"] { configuration.clientID = clientID }
        if let linger = try KafkaEnvironment.integer("KAFKA_LINGER_MS", in: environment) {
            configuration.lingerMilliseconds = linger
        }
        if let timeout = try KafkaEnvironment.integer("KAFKA_MESSAGE_TIMEOUT_MS", in: environment) {
            configuration.messageTimeoutMilliseconds = timeout
        }
        if let flush = try KafkaEnvironment.integer("KAFKA_SHUTDOWN_FLUSH_TIMEOUT_MS", in: environment) {
            configuration.shutdownFlushTimeout = .milliseconds(flush)
        }
        configuration.properties = KafkaEnvironment.properties(from: environment)
        return configuration
    }

    /// The full librdkafka property set.
    var librdkafkaProperties: [String: String] {
        var result = [
            "bootstrap.servers": bootstrapServers,
            "client.id": clientID,
            "enable.idempotence": "true",
            "acks": "all",
            "linger.ms": String(lingerMilliseconds),
            "message.timeout.ms": String(messageTimeoutMilliseconds),
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
