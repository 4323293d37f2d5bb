import Kafka
import Logging
import MessageTracing
import OTel
import Synchronization
import Testing
import Tracing

/// Round trips through swift-otel's real tracer and W3C propagator (exporter `none`, never
/// bootstrapped process-wide: other suites of the test process must not be traced).
@Suite("Trace propagation through Kafka headers")
struct PropagationTests {
    static func tracer() throws -> GuardedTracer<some Tracer> {
        var configuration = OTel.Configuration.default
        configuration.serviceName = "tracing-tests"
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.traces.exporter = .none
        return GuardedTracer(try OTel.makeTracingBackend(configuration: configuration).factory)
    }

    @Test("a span's context goes into traceparent and comes back as the parent of the consumer's span")
    func roundTrip() throws {
        let tracer = try Self.tracer()
        let producer = tracer.startSpan("send", context: .topLevel, ofKind: .producer)
        defer { producer.end() }
        let headers = MessageTrace.headers(
            [KafkaHeader(key: "content-type", value: "application/cloudevents+json")],
            carrying: producer.context,
            instrument: tracer
        )
        let traceID = try #require(producer.context.otelTraceID)
        let sent = try #require(KafkaHeadersExtractor().extract(key: "traceparent", from: headers))
        #expect(TraceParent.traceID(of: sent) == traceID)
        #expect(headers.first == KafkaHeader(key: "content-type", value: "application/cloudevents+json"))

        let received = try #require(MessageTrace.context(of: headers, instrument: tracer))
        let consumer = tracer.startSpan("process", context: received, ofKind: .consumer)
        defer { consumer.end() }
        #expect(consumer.context.otelTraceID == traceID)
        // The consumer's own context names itself, not the producer's span, as the parent of what follows.
        let onward = MessageTrace.headers([], carrying: consumer.context, instrument: tracer)
        let onwardParent = try #require(KafkaHeadersExtractor().extract(key: "traceparent", from: onward))
        #expect(TraceParent.traceID(of: onwardParent) == traceID)
        #expect(onwardParent != sent)
    }

    @Test("an upstream's traceparent and tracestate are continued")
    func continuesUpstream() throws {
        let tracer = try Self.tracer()
        let upstream = [
            KafkaHeader(key: "traceparent", value: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
            KafkaHeader(key: "tracestate", value: "congo=t61rcWkgMzE"),
        ]
        let context = try #require(MessageTrace.context(of: upstream, instrument: tracer))
        let span = tracer.startSpan("process", context: context, ofKind: .consumer)
        defer { span.end() }
        #expect(span.context.otelTraceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        let onward = MessageTrace.headers([], carrying: span.context, instrument: tracer)
        #expect(KafkaHeadersExtractor().extract(key: "tracestate", from: onward) == "congo=t61rcWkgMzE")
    }

    @Test(
        "records without a valid traceparent are not part of a trace",
        arguments: [
            [],
            [KafkaHeader(key: "traceparent", value: "00-00000000000000000000000000000000-00f067aa0ba902b7-01")],
            [KafkaHeader(key: "tracestate", value: "congo=t61rcWkgMzE")],
            [KafkaHeader(key: "ce_traceparent", value: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")],
        ]
    )
    func noContext(headers: [KafkaHeader]) throws {
        #expect(MessageTrace.context(of: headers, instrument: try Self.tracer()) == nil)
    }

    @Test("the wrapped tracer is handed the two trace headers only, never the rest of a request")
    func guardedCarrier() throws {
        let tracer = try Self.tracer()
        let carrier = [
            "authorization": "Bearer secret-token",
            "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "tracestate": "congo=t61rcWkgMzE",
        ]
        let extractor = AskedKeys()
        var context = ServiceContext.topLevel
        tracer.extract(carrier, into: &context, using: extractor)
        #expect(extractor.asked.withLock { $0 } == ["traceparent", "tracestate"])
        #expect(context.otelTraceID == "4bf92f3577b34da6a3ce929d0e0e4736")

        let malformed = AskedKeys()
        var untouched = ServiceContext.topLevel
        tracer.extract(["traceparent": "not-a-trace", "authorization": "Bearer secret-token"], into: &untouched, using: malformed)
        #expect(untouched.otelTraceID == nil)
        #expect(malformed.asked.withLock { $0 } == ["traceparent"])
    }

    @Test("log lines inside a span carry its trace id")
    func logMetadata() throws {
        let tracer = try Self.tracer()
        let span = tracer.startSpan("request", context: .topLevel, ofKind: .server)
        defer { span.end() }
        let provider = OTel.makeLoggingMetadataProvider()
        let inside = ServiceContext.$current.withValue(span.context) { provider.get() }
        #expect(inside["trace_id"] == .string(try #require(span.context.otelTraceID)))
        #expect(provider.get()["trace_id"] == nil)
    }
}

/// A dictionary extractor that notes which keys were asked for.
final class AskedKeys: Extractor {
    let asked = Mutex<[String]>([])

    func extract(key: String, from carrier: [String: String]) -> String? {
        asked.withLock { $0.append(key) }
        return carrier[key]
    }
}
