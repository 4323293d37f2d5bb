/// Reads Kafka settings from environment variables.
///
/// `KAFKA_PROPERTY_<NAME>` passes any librdkafka property through: NAME in upper snake case
/// maps to the dotted lower-case name (`KAFKA_PROPERTY_SECURITY_PROTOCOL=SASL_SSL` sets
/// `security.protocol`).
public enum KafkaEnvironment {
    static let propertyPrefix = "KAFKA_PROPERTY_"

    /// The librdkafka properties given as `KAFKA_PROPERTY_*` variables.
    public static func properties(from environment: [String: String]) -> [String: String] {
        var properties: [String: String] = [:]
        for (name, value) in environment where name.hasPrefix(propertyPrefix) && name.count > propertyPrefix.count {
            properties[propertyName(fromVariable: name)] = value
        }
        return properties
    }

    /// `KAFKA_PROPERTY_SSL_CA_LOCATION` → `ssl.ca.location`.
    public static func propertyName(fromVariable variable: String) -> String {
        String(variable.dropFirst(propertyPrefix.count)).lowercased().replacingOccurrences(of: "_", with: ".")
    }

    /// An integer variable, or a clear error naming it.
    static func integer(_ name: String, in environment: [String: String]) throws(KafkaConfigurationError) -> Int? {
        guard let text = environment[name] else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= 0 else {
            throw KafkaConfigurationError(variable: name, value: text, rule: "must be a non-negative integer")
        }
        return value
    }
}

private extension String {
    func replacingOccurrences(of target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }

    func trimmingCharacters(in _: TrimSet) -> Substring {
        var text = Substring(self)
        while text.first == " " || text.first == "\t" { text = text.dropFirst() }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return text
    }

    enum TrimSet { case whitespaces }
}
