import Settings

/// `KAFKA_PROPERTY_<NAME>` passes any librdkafka property through: NAME in upper snake case
/// maps to the dotted lower-case name (`KAFKA_PROPERTY_SECURITY_PROTOCOL=SASL_SSL` sets
/// `security.protocol`).
public enum KafkaPropertyVariables {
    public static let prefix = "KAFKA_PROPERTY_"

    /// The librdkafka properties given as `KAFKA_PROPERTY_*` variables.
    public static func properties(in environment: ServiceEnvironment) -> [String: String] {
        var properties: [String: String] = [:]
        for (name, value) in environment.variables(withPrefix: prefix) {
            properties[propertyName(fromSuffix: name)] = value
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

/// What librdkafka's millisecond properties accept (they are C ints).
let librdkafkaMilliseconds = 0...Int(Int32.max)
