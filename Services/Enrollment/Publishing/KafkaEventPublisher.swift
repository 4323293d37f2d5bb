import Kafka
import MessageTracing

/// Publishes through the Kafka layer's idempotent producer (`acks=all`), structured mode
/// with `content-type: application/cloudevents+json`, keyed by `personId`.
public struct KafkaEventPublisher: EventPublisher {
    public let producer: KafkaProducer
    /// How long `isReady` waits for the broker's metadata answer.
    public let readinessTimeout: Duration
    /// The producer's `message.timeout.ms`, reported in ``PublishError/timedOut(after:)``.
    public let messageTimeout: Duration

    private static let headers = [KafkaHeader(key: OutgoingEvent.contentTypeHeader.name, value: OutgoingEvent.contentTypeHeader.value)]

    public init(producer: KafkaProducer, messageTimeout: Duration, readinessTimeout: Duration = .seconds(2)) {
        self.producer = producer
        self.messageTimeout = messageTimeout
        self.readinessTimeout = readinessTimeout
    }

    public func publish(_ events: [OutgoingEvent]) async throws {
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

    public func isReady() async -> Bool {
        await self.producer.isBrokerReachable(timeout: self.readinessTimeout)
    }
}
