import Kafka
import Logging
import SampleCity

/// Produces events straight to the test's topics with the Kafka layer, keyed by
/// person: upstream systems that bypass the enrollment service, and the only way to
/// put broken lines in front of the benefits service.
struct EventFeed: Sendable {
    let producer: KafkaProducer
    let topics: TopicSet
    private let service: Task<Void, any Error>

    init(bootstrapServers: String, topics: TopicSet) throws {
        var logger = Logger(label: "system-tests.feed")
        logger.logLevel = .error
        // Long enough to ride out a paused broker: the feed must not lose a line.
        let configuration = KafkaProducerConfiguration(
            bootstrapServers: bootstrapServers,
            clientID: "system-tests",
            messageTimeout: .milliseconds(120_000)
        )
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        self.producer = producer
        self.topics = topics
        self.service = Task { try await producer.run() }
    }

    /// Sends and waits for the broker's acknowledgement of every event; throws on any failure.
    func publish(_ events: some Collection<SampleEvent>) async throws {
        try await send(events.map { structured($0.json, stream: $0.stream, key: $0.key) })
    }

    /// Records on their stream's topic, keyed as given (no key when empty), structured mode.
    func publishRecords(_ records: [BoundaryMutations.Record]) async throws {
        try await send(records.map { structured($0.json, stream: $0.stream, key: $0.key) })
    }

    /// Raw lines (not CloudEvents at all) on a topic, keyed by `key`.
    func publishRaw(_ lines: [String], topic: String, key: String) async throws {
        try await send(lines.map { KafkaOutgoingMessage(topic: topic, key: key, value: Array($0.utf8)) })
    }

    /// Structured mode on the stream's topic, keyed as given (no key when empty).
    private func structured(_ json: String, stream: SampleEvent.Stream, key: String) -> KafkaOutgoingMessage {
        KafkaOutgoingMessage(
            topic: topics.topic(for: stream),
            key: key.isEmpty ? nil : Array(key.utf8),
            value: Array(json.utf8),
            headers: [KafkaHeader(key: "content-type", value: Array("application/cloudevents+json".utf8))]
        )
    }

    private func send(_ messages: [KafkaOutgoingMessage]) async throws {
        guard !messages.isEmpty else { return }
        let failed = await producer.send(messages).filter { if case .failure = $0 { true } else { false } }
        guard failed.isEmpty else {
            throw SystemTestError("\(failed.count) of \(messages.count) events were not acknowledged by the broker: \(failed[0])")
        }
    }

    func close() async {
        producer.triggerGracefulShutdown()
        _ = try? await service.value
    }
}
