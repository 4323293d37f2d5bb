import Kafka
import MessageTracing
import Tracing

/// Publishes validated events; answers only once the broker acknowledged all of them.
package protocol EventPublisher: Sendable {
    /// Hands every event to the broker and returns when all are acknowledged.
    ///
    /// Throws a ``PublishError``: transient (`unavailable`, `timedOut`) or permanent
    /// (`tooLarge`, `refused`); some events may then be stored already, which is harmless
    /// because ids repeat on retry.
    func publish(_ events: [OutgoingEvent]) async throws
    /// Whether the broker answers now (for `GET /ready`).
    func isReady() async -> Bool
}

/// Publishes through the Kafka layer's idempotent producer (`acks=all`), structured mode
/// with `content-type: application/cloudevents+json`, keyed by `personId`.
package struct KafkaEventPublisher: EventPublisher {
    let producer: KafkaProducer
    /// How long `isReady` waits for the broker's metadata answer.
    let readinessTimeout: Duration
    /// The producer's `message.timeout.ms`, reported in ``PublishError/timedOut(after:)``.
    let messageTimeout: Duration

    private static let headers = [KafkaHeader(key: OutgoingEvent.contentTypeHeader.name, value: OutgoingEvent.contentTypeHeader.value)]

    package init(producer: KafkaProducer, messageTimeout: Duration, readinessTimeout: Duration = .seconds(2)) {
        self.producer = producer
        self.messageTimeout = messageTimeout
        self.readinessTimeout = readinessTimeout
    }

    package func publish(_ events: [OutgoingEvent]) async throws {
        guard MessageTrace.isEnabled else { return try await self.send(events, headers: Self.headers) }
        try await self.sendTraced(events, headers: Self.headers)
    }

    func send(_ events: [OutgoingEvent], headers: [KafkaHeader]) async throws {
        let messages = events.map { event in
            KafkaOutgoingMessage(topic: event.topic, key: event.key, value: event.value, headers: headers)
        }
        let results = await self.producer.send(messages)
        for result in results {
            guard case .failure(let error) = result else { continue }
            throw PublishFailure.classify(error, messageTimeout: self.messageTimeout)
        }
    }

    package func isReady() async -> Bool {
        await self.producer.isBrokerReachable(timeout: self.readinessTimeout)
    }
}

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

/// One validated event ready for the broker: its topic, key and structured-mode bytes.
package struct OutgoingEvent: Sendable, Hashable {
    /// The Kafka topic, chosen from the event's stream by configuration.
    var topic: String
    /// The Kafka key: the insured person's number (`personId` = `subject`).
    var key: String
    /// The whole CloudEvent as JSON (structured mode).
    var value: [UInt8]
    /// The CloudEvent `type`, for metrics.
    var type: String

    package init(topic: String, key: String, value: [UInt8], type: String) {
        self.topic = topic
        self.key = key
        self.value = value
        self.type = type
    }

    /// The Kafka header every structured-mode event carries.
    static let contentTypeHeader = (name: "content-type", value: "application/cloudevents+json")
}

/// Why events could not be handed to the broker. Transient failures (`unavailable`,
/// `timedOut`) are worth a retry with the same ids; permanent ones (`tooLarge`, `refused`)
/// are not: the same events would fail the same way.
enum PublishError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The broker could not be reached or refused the events for now.
    case unavailable(reason: String)
    /// The broker did not acknowledge every event within the time allowed.
    case timedOut(after: Duration)
    /// An event is larger than the producer or the broker accepts (`message.max.bytes`).
    case tooLarge(reason: String)
    /// The producer or the broker refused the events for good: unknown topic, not
    /// authorised, invalid record, a fatal producer error. An operator must act.
    case refused(reason: String)

    /// Whether the same events may succeed later (answered 503 with `Retry-After`).
    var isTransient: Bool {
        switch self {
        case .unavailable, .timedOut: true
        case .tooLarge, .refused: false
        }
    }

    var description: String {
        switch self {
        case .unavailable(let reason): "the broker is unavailable: \(reason)"
        case .timedOut(let after): "the broker did not acknowledge the events within \(after)"
        case .tooLarge(let reason): "an event is too large for the broker: \(reason)"
        case .refused(let reason): "the broker refused the events permanently: \(reason)"
        }
    }
}

/// What a failed publish means for the HTTP answer: retry later (503), too large (413), or
/// refused for good (500). The classification itself is the Kafka layer's, shared with the
/// benefits service's dead letters (`KafkaError.deliveryVerdict`).
enum PublishFailure {
    static func classify(_ error: KafkaError, messageTimeout: Duration) -> PublishError {
        let reason = "\(error.codeName): \(error.message)"
        switch error.deliveryVerdict {
        case .timedOut: return .timedOut(after: messageTimeout)
        case .tooLarge: return .tooLarge(reason: reason)
        case .permanent: return .refused(reason: reason)
        case .transient: return .unavailable(reason: reason)
        }
    }
}
