import Kafka

// The Kafka layer takes typed configuration only; these read it from the environment, so
// that the services and the tools share one reading of the `KAFKA_*` variables.

extension KafkaProducerConfiguration {
    /// `base` with what the environment sets: `KAFKA_BOOTSTRAP_SERVERS`, `KAFKA_CLIENT_ID`,
    /// `KAFKA_LINGER_MS`, `KAFKA_MESSAGE_TIMEOUT_MS`, `KAFKA_SHUTDOWN_FLUSH_TIMEOUT_MS` and
    /// `KAFKA_PROPERTY_*`. `base` holds the caller's own defaults (a service's client id); by
    /// default the local stack's broker (`StackDefaults.kafkaBootstrapServers`).
    public static func fromEnvironment(
        _ environment: ServiceEnvironment = ServiceEnvironment(),
        base: Self = Self(bootstrapServers: StackDefaults.kafkaBootstrapServers)
    ) throws(ConfigurationError) -> Self {
        var configuration = base
        configuration.bootstrapServers = environment.string("KAFKA_BOOTSTRAP_SERVERS", default: base.bootstrapServers)
        configuration.clientID = environment.string("KAFKA_CLIENT_ID", default: base.clientID)
        configuration.linger = try environment.librdkafkaMilliseconds("KAFKA_LINGER_MS", default: base.linger)
        configuration.messageTimeout = try environment.librdkafkaMilliseconds("KAFKA_MESSAGE_TIMEOUT_MS", default: base.messageTimeout)
        configuration.shutdownFlushTimeout = try environment.librdkafkaMilliseconds(
            "KAFKA_SHUTDOWN_FLUSH_TIMEOUT_MS",
            default: base.shutdownFlushTimeout
        )
        configuration.properties = base.properties.merging(try KafkaPropertyVariables.properties(in: environment)) { _, set in set }
        return configuration
    }
}

extension KafkaConsumerConfiguration {
    /// Reads `KAFKA_BOOTSTRAP_SERVERS` (default `StackDefaults.kafkaBootstrapServers`),
    /// `KAFKA_CLIENT_ID`, `KAFKA_GROUP_ID` (else `groupID`), `KAFKA_SESSION_TIMEOUT_MS`,
    /// `KAFKA_FETCH_WAIT_MAX_MS` and `KAFKA_PROPERTY_*`.
    public static func fromEnvironment(
        _ environment: ServiceEnvironment = ServiceEnvironment(),
        groupID: String,
        topics: [String]
    ) throws(ConfigurationError) -> Self {
        var configuration = Self(
            groupID: environment.string("KAFKA_GROUP_ID", default: groupID),
            topics: topics,
            bootstrapServers: environment.string("KAFKA_BOOTSTRAP_SERVERS", default: StackDefaults.kafkaBootstrapServers)
        )
        configuration.clientID = environment.string("KAFKA_CLIENT_ID", default: configuration.clientID)
        configuration.sessionTimeout = try environment.librdkafkaMilliseconds("KAFKA_SESSION_TIMEOUT_MS", default: configuration.sessionTimeout)
        configuration.fetchWaitMax = try environment.librdkafkaMilliseconds("KAFKA_FETCH_WAIT_MAX_MS", default: configuration.fetchWaitMax)
        configuration.properties = try KafkaPropertyVariables.properties(in: environment)
        return configuration
    }
}

/// `KAFKA_PROPERTY_<NAME>` passes any librdkafka property through: NAME in upper snake case
/// maps to the dotted lower-case name (`KAFKA_PROPERTY_SECURITY_PROTOCOL=SASL_SSL` sets
/// `security.protocol`). `KAFKA_PROPERTY_<NAME>_FILE` names a file that holds the value
/// instead, for secrets (`KAFKA_PROPERTY_SASL_PASSWORD_FILE=/run/secrets/kafka_password`, a
/// Docker secret), and wins over `KAFKA_PROPERTY_<NAME>`: no librdkafka property ends in
/// `.file` (its file settings end in `.location`), so the suffix is never a property's own.
public enum KafkaPropertyVariables {
    public static let prefix = "KAFKA_PROPERTY_"
    static let fileSuffix = "_FILE"

    /// The librdkafka properties given as `KAFKA_PROPERTY_*` variables; a `_FILE` variable
    /// whose file cannot be read is an error naming it.
    public static func properties(in environment: ServiceEnvironment) throws(ConfigurationError) -> [String: String] {
        var properties: [String: String] = [:]
        let variables = environment.variables(withPrefix: prefix)
        for (name, value) in variables where !name.hasSuffix(fileSuffix) {
            properties[propertyName(fromSuffix: name)] = value
        }
        for name in variables.keys.sorted() where name.hasSuffix(fileSuffix) && name.count > fileSuffix.count {
            let property = String(name.dropLast(fileSuffix.count))
            if let value = try environment.optionalSecret(prefix + property) {
                properties[propertyName(fromSuffix: property)] = value
            }
        }
        return properties
    }

    /// `KAFKA_PROPERTY_SSL_CA_LOCATION` → `ssl.ca.location`.
    public static func propertyName(fromVariable variable: String) -> String {
        propertyName(fromSuffix: variable.hasPrefix(prefix) ? String(variable.dropFirst(prefix.count)) : variable)
    }

    private static func propertyName(fromSuffix suffix: String) -> String {
        String(suffix.lowercased().map { $0 == "_" ? "." : $0 })
    }
}

extension ServiceEnvironment {
    /// A duration for one of librdkafka's millisecond properties, which are C ints: whole
    /// milliseconds from 0 to `Int32.max`, or `defaultValue` when unset.
    fileprivate func librdkafkaMilliseconds(_ name: String, default defaultValue: Duration) throws(ConfigurationError) -> Duration {
        try milliseconds(name, default: defaultValue, in: 0...Int(Int32.max))
    }
}
