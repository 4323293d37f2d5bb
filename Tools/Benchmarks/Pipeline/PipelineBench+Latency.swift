import Benefits
import InsuranceDomain
import Kafka
import Logging
import PostgresNIO
import SampleCity

/// The latency figure: fresh covered persons published at a steady rate, each timed until
/// its coverage is visible (`CoverageLatencyProbe`).
extension PipelineBench {
    /// Publishes `count` fresh covered persons at `rate` per second; returns the samples and how many never showed.
    static func latency(
        count: Int,
        rate: Int,
        topics: [String],
        servers: String,
        client: PostgresClient,
        logger: Logger
    ) async throws -> ([Duration], Int) {
        let city = SampleCity(SampleCityOptions(persons: count * 3, seed: 2026, faultyShare: 0, duplicateShare: 0))
        var chosen: [[SampleEvent]] = []
        var index = 0
        while chosen.count < count && index < city.options.persons {
            let events = city.events(ofPerson: index)
            index += 1
            let valid = events.compactMap { try? EventIntake.validate(json: Array($0.json.utf8), policy: .bundledDefaults).get() }
            if !CoverageEngine.evaluate(events: valid, policy: .bundledDefaults).periods.isEmpty { chosen.append(events) }
        }
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: servers, linger: .milliseconds(0)),
            logger: logger
        )
        let service = Task { try await producer.run() }
        let probe = CoverageLatencyProbe()
        let poller = Task {
            while !Task.isCancelled {
                try? await probe.poll(client)
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
        let interval = Duration.seconds(1) / rate
        var next = ContinuousClock.now
        for events in chosen {
            try await Task.sleep(until: next)
            next += interval
            let personId = events[0].key
            probe.published(personId, at: .now)
            let messages = events.map {
                KafkaOutgoingMessage(topic: topic(of: $0.stream, topics), key: Array($0.key.utf8), value: Array($0.json.utf8))
            }
            Task { _ = await producer.send(messages) }
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while probe.pendingCount > 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        poller.cancel()
        producer.triggerGracefulShutdown()
        try await service.value
        return (probe.samples, probe.pendingCount)
    }
}
