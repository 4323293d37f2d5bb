import Instrumentation
import Kafka

/// Reads trace context from a Kafka record's headers. Kafka allows a key twice: the last one
/// counts (the Java client's `lastHeader`, what OpenTelemetry's Kafka instrumentation reads).
/// Keys are compared exactly (Kafka header keys are case-sensitive); a header without a value
/// or whose value is not UTF-8 is absent.
public struct KafkaHeadersExtractor: Extractor {
    public init() {}

    public func extract(key: String, from carrier: [KafkaHeader]) -> String? {
        guard let header = carrier.last(where: { $0.key == key }), let bytes = header.value else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }
}
