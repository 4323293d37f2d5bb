/// An environment variable with a value the Kafka layer cannot use.
public struct KafkaConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public let variable: String
    public let value: String
    public let rule: String

    public var description: String { "\(variable)=\(value): \(rule)" }
}
