import Instrumentation
import Kafka
import Tracing

/// Trace context across Kafka, through the process-wide tracer (`InstrumentationSystem`) unless
/// an instrument is given.
///
/// When no tracer was bootstrapped (tracing off, the default) callers check ``isEnabled`` once
/// and skip the rest: a record then carries no trace context and costs nothing.
public enum MessageTrace {
    /// Whether a real tracer is bootstrapped (`OTEL_EXPORTER_OTLP_ENDPOINT` set).
    public static var isEnabled: Bool { !(InstrumentationSystem.tracer is NoOpTracer) }

    /// `headers` plus the trace context of `context` (`traceparent`, and `tracestate` when the
    /// trace has one).
    public static func headers(
        _ headers: [KafkaHeader],
        carrying context: ServiceContext,
        instrument: any Instrument = InstrumentationSystem.instrument
    ) -> [KafkaHeader] {
        var headers = headers
        instrument.inject(context, into: &headers, using: KafkaHeadersInjector())
        return headers
    }

    /// The trace context a record carries, or `nil` when tracing is off or the record has no
    /// valid `traceparent` header.
    public static func context(of headers: [KafkaHeader]) -> ServiceContext? {
        guard isEnabled else { return nil }
        return context(of: headers, instrument: InstrumentationSystem.instrument)
    }

    /// The trace context `instrument` reads from a record's headers; `nil` without a valid
    /// `traceparent` (a record without one is not part of a trace).
    public static func context(of headers: [KafkaHeader], instrument: any Instrument) -> ServiceContext? {
        guard let parent = KafkaHeadersExtractor().extract(key: TraceParent.header, from: headers),
            TraceParent.isValid(parent)
        else { return nil }
        var context = ServiceContext.topLevel
        instrument.extract(headers, into: &context, using: KafkaHeadersExtractor())
        return context
    }
}

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
