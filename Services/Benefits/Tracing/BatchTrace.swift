import Kafka
import MessageTracing
import Tracing

/// The spans of one stored batch, when tracing is on (see docs/tracing.md).
///
/// - A **batch span** `process batch` (a trace of its own, kind consumer) from the start of
///   the batch's database work to the commit of its last transaction, linked to the trace of
///   every record in it (a batch holds records of many requests; links, not a parent).
/// - For each record that carries a valid `traceparent`, a span `process {topic}` in **that
///   record's trace**, child of the context the producer sent (the enrollment service's
///   `send` span), from the same start to the same commit, with the event's outcome and a
///   link back to the batch span. So the trace of an HTTP request ends at the PostgreSQL
///   commit that made its events count.
///
/// Tracing off: `start` returns at once (one check), nothing is read from the headers.
struct BatchTrace: Sendable {
    /// Spans link to at most this many record traces (OpenTelemetry's default link limit).
    static let maxLinks = 128
    private let batch: (any Span)?
    private let started: DefaultTracerClock.Instant
    private let parents: [RecordPosition: ServiceContext]
    private let group: String

    static func start(_ messages: [KafkaConsumerMessage], group: String) -> BatchTrace {
        let started = DefaultTracerClock.now
        guard MessageTrace.isEnabled else { return BatchTrace(batch: nil, started: started, parents: [:], group: group) }
        var parents: [RecordPosition: ServiceContext] = [:]
        var linked: [String: ServiceContext] = [:]
        for message in messages {
            guard let context = MessageTrace.context(of: message.headers) else { continue }
            parents[RecordPosition(message)] = context
            if linked.count < maxLinks, let parent = KafkaHeadersExtractor().extract(key: TraceParent.header, from: message.headers) {
                linked[parent] = context
            }
        }
        let span = InstrumentationSystem.tracer.startSpan("process batch", context: .topLevel, ofKind: .consumer, at: started)
        span.attributes["messaging.system"] = "kafka"
        span.attributes["messaging.operation.type"] = "process"
        span.attributes["messaging.consumer.group.name"] = group
        span.attributes["messaging.batch.message_count"] = messages.count
        span.attributes["insurance.batch.traced_records"] = parents.count
        for context in linked.values { span.addLink(SpanLink(context: context, attributes: [:])) }
        return BatchTrace(batch: span, started: started, parents: parents, group: group)
    }

    /// After the batch's last transaction committed: one span per traced record, ending now.
    /// `refusedInLanes`: events the database refused one by one (isolated), stored as refusals.
    func committed(_ stored: IngestBatch, refusedInLanes: [Refusal]) {
        guard let batch, !parents.isEmpty else { return }
        let committed = DefaultTracerClock.now
        let isolated = Set(refusedInLanes.map(RecordPosition.init))
        for event in stored.events {
            let position = RecordPosition(topic: event.topic, partition: event.partition, offset: event.offset)
            record(
                position,
                source: event.source,
                id: event.eventId,
                type: event.type,
                refused: isolated.contains(position),
                link: batch,
                committed: committed
            )
        }
        for refusal in stored.refusals {
            record(
                RecordPosition(refusal),
                source: refusal.source,
                id: refusal.eventId,
                type: refusal.type,
                refused: true,
                link: batch,
                committed: committed
            )
        }
        batch.attributes["insurance.batch.events"] = stored.events.count - isolated.count
        batch.attributes["insurance.batch.refusals"] = stored.refusals.count + isolated.count
    }

    /// Runs one step of the batch's database work (`store lane`, `commit batch`) in a child
    /// span of the batch span, which the step's own spans (`recompute coverage`) then nest
    /// under: where a slow batch spent its time is in its trace. Tracing off: runs `body`, and
    /// `attributes` are never computed (they may count a batch's persons).
    func step<Result>(
        _ name: String,
        attributes: @autoclosure () -> [String: Int] = [:],
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Result
    ) async throws -> Result {
        guard let batch else { return try await body() }
        return try await withSpan(name, context: batch.context, ofKind: .internal) { span in
            span.attributes["db.system.name"] = "postgresql"
            for (key, value) in attributes() { span.attributes[key] = value }
            return try await body()
        }
    }

    /// Ends the batch span (also when the batch was not stored: it will be read again).
    func end() {
        batch?.end()
    }

    private func record(
        _ position: RecordPosition,
        source: String?,
        id: String?,
        type: String?,
        refused: Bool,
        link: any Span,
        committed: DefaultTracerClock.Instant
    ) {
        guard let parent = parents[position] else { return }
        let span = InstrumentationSystem.tracer.startSpan(
            "process \(position.topic)",
            context: parent,
            ofKind: .consumer,
            at: started
        )
        span.attributes["messaging.system"] = "kafka"
        span.attributes["messaging.operation.type"] = "process"
        span.attributes["messaging.destination.name"] = position.topic
        span.attributes["messaging.destination.partition.id"] = String(position.partition)
        span.attributes["messaging.kafka.offset"] = Int(position.offset)
        span.attributes["messaging.consumer.group.name"] = group
        span.attributes["db.system.name"] = "postgresql"
        // Ids, sources and types only: never the payload (it holds citizen ID numbers and names),
        // nor the refusal's reason (a database message may quote a value).
        span.attributes["cloudevents.event_id"] = id
        span.attributes["cloudevents.event_source"] = source
        span.attributes["cloudevents.event_type"] = type
        span.attributes["insurance.outcome"] = refused ? "refused" : "stored"
        if refused { span.setStatus(SpanStatus(code: .error, message: "refused: see rejected_events")) }
        span.addLink(SpanLink(context: link.context, attributes: [:]))
        span.end(at: committed)
    }
}
