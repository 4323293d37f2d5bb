import Kafka
import MessageTracing
import Tracing

extension KafkaEventPublisher {
    /// One producer span per request's events (a child of the request's server span), whose
    /// context every record carries as its `traceparent` (and `tracestate`) header: the
    /// benefits service continues the trace from there, as does any consumer instrumented
    /// with OpenTelemetry. The events' bytes are not touched (see docs/tracing.md).
    func sendTraced(_ events: [OutgoingEvent], headers: [KafkaHeader]) async throws {
        let topics = Set(events.map(\.topic))
        // OpenTelemetry messaging conventions: "send {destination}", or "send" for several.
        let name = topics.count == 1 ? "send \(topics.first ?? "")" : "send"
        try await withSpan(name, ofKind: .producer) { span in
            span.attributes["messaging.system"] = "kafka"
            span.attributes["messaging.operation.type"] = "send"
            span.attributes["messaging.batch.message_count"] = events.count
            if topics.count == 1 { span.attributes["messaging.destination.name"] = topics.first }
            try await self.send(events, headers: MessageTrace.headers(headers, carrying: span.context))
        }
    }
}
