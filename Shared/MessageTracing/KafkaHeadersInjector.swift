import Instrumentation
import Kafka

/// Writes trace context into a Kafka record's headers (W3C `traceparent`, `tracestate`), as
/// OpenTelemetry's Kafka instrumentations of other languages do: header name = propagator key.
///
/// A header of the same name already there is replaced, so a record carries one context.
public struct KafkaHeadersInjector: Injector {
    public init() {}

    public func inject(_ value: String, forKey key: String, into carrier: inout [KafkaHeader]) {
        carrier.removeAll { $0.key == key }
        carrier.append(KafkaHeader(key: key, value: value))
    }
}
