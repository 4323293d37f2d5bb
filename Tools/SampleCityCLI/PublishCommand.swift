import ArgumentParser
import Foundation
import Kafka
import Logging
import SampleCity
import Settings

/// Produces the city's events straight to Kafka, bypassing the enrollment
/// service: the way to put broken events in front of the benefits service (the
/// enrollment service refuses them at the door) and to load it fast.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Produce the city's events to Kafka, keyed by person, on the topic of their stream.",
        discussion: """
            Reads KAFKA_BOOTSTRAP_SERVERS (\(StackDefaults.kafkaBootstrapServers)), KAFKA_TOPIC_ENROLLMENTS, \
            KAFKA_TOPIC_CONTRIBUTIONS, KAFKA_TOPIC_BINDINGS (the contract's defaults) and KAFKA_PROPERTY_*.
            """
    )

    @OptionGroup var city: CityOptions
    @Flag(help: "Only the events broken on purpose.") var faultyOnly = false
    @Flag(help: "Only the events that are not broken on purpose.") var validOnly = false
    @Option(help: "Messages per awaited send.") var sendBatch = 5_000

    func validate() throws {
        guard !(faultyOnly && validOnly) else {
            throw ValidationError("--faulty-only and --valid-only exclude each other: pick one")
        }
        guard sendBatch > 0 else { throw ValidationError("--send-batch must be at least 1") }
    }

    func run() async throws {
        let sample = SampleCity(city.sampleOptions)
        let (sent, started) = try await SampleProducer.with(
            environment: ServiceEnvironment(),
            clientID: "insurance-sample",
            logLevel: .warning
        ) { producer in
            let started = ContinuousClock.now
            var sent = 0
            var batch: [KafkaOutgoingMessage] = []
            batch.reserveCapacity(sendBatch)
            for event in sample.events where !(faultyOnly && !event.isFaulty) && !(validOnly && event.isFaulty) {
                batch.append(producer.message(event))
                if batch.count == sendBatch {
                    try await Self.send(batch, with: producer)
                    sent += batch.count
                    batch.removeAll(keepingCapacity: true)
                }
            }
            try await Self.send(batch, with: producer)
            sent += batch.count
            return (sent, started)
        }
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        print("published \(sent) events in \(String(format: "%.1f", seconds)) s (\(Int(Double(sent) / max(seconds, 0.001))) events/s)")
    }

    static func send(_ batch: [KafkaOutgoingMessage], with producer: SampleProducer) async throws {
        let failures = await producer.failures(sending: batch)
        if let first = failures.first {
            throw ValidationError("\(failures.count) of \(batch.count) events were not acknowledged by the broker: \(first)")
        }
    }
}
