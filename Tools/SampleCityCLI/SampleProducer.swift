import Kafka
import Logging
import SampleCity
import Settings

/// A producer configured from the environment (`KAFKA_BOOTSTRAP_SERVERS`, `KAFKA_PROPERTY_*`)
/// with the contract's topics (`KAFKA_TOPIC_*`): what `publish` and the smoke suite's
/// upstream producer share.
struct SampleProducer {
    let producer: KafkaProducer
    let topics: StreamTopics

    /// Runs `body` with a running producer named `clientID` (its logger too), then shuts the
    /// producer down; when `body` returned, waits until the producer has flushed and stopped.
    static func with<T>(
        environment: ServiceEnvironment,
        clientID: String,
        logLevel: Logger.Level,
        _ body: (SampleProducer) async throws -> T
    ) async throws -> T {
        let topics = StreamTopics(environment: environment)
        let configuration = try KafkaProducerConfiguration.fromEnvironment(
            environment,
            base: KafkaProducerConfiguration(bootstrapServers: StackDefaults.kafkaBootstrapServers, clientID: clientID)
        )
        var logger = Logger(label: clientID)
        logger.logLevel = logLevel
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        let service = Task { try await producer.run() }
        let result: T
        do {
            result = try await body(SampleProducer(producer: producer, topics: topics))
        } catch {
            producer.triggerGracefulShutdown()
            throw error
        }
        producer.triggerGracefulShutdown()
        try await service.value
        return result
    }

    /// Structured mode, keyed by the person's number; an event broken before a
    /// person could be named goes without a key (librdkafka then spreads it).
    func message(_ event: SampleEvent) -> KafkaOutgoingMessage {
        KafkaOutgoingMessage(
            topic: topics.topic(for: event.stream),
            key: event.key.isEmpty ? nil : Array(event.key.utf8),
            value: Array(event.json.utf8),
            headers: [KafkaHeader(key: "content-type", value: Array("application/cloudevents+json".utf8))]
        )
    }

    /// Sends and waits for every acknowledgement; returns the failures.
    func failures(sending messages: [KafkaOutgoingMessage]) async -> [KafkaError] {
        await producer.send(messages).compactMap { result -> KafkaError? in
            if case .failure(let error) = result { return error }
            return nil
        }
    }
}
