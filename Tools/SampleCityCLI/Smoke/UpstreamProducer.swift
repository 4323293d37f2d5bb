import Foundation
import Kafka
import Logging
import SampleCity
import Settings

/// Produces events straight to Kafka, as an upstream system that bypasses the enrollment
/// service would: how the broken events reach the benefits service.
enum UpstreamProducer {
    static func send(_ events: [SampleEvent], environment: ServiceEnvironment) async -> SmokeCheck {
        let name = "straight to Kafka"
        do {
            let failures = try await SampleProducer.with(
                environment: environment,
                clientID: "insurance-smoke",
                logLevel: .error
            ) { producer in
                await producer.failures(sending: events.map(producer.message))
            }
            if let first = failures.first {
                return .fail(name, "\(failures.count) of \(events.count) records not acknowledged by the broker: \(SmokeFailure.brief(first))")
            }
            return .pass(name, "\(events.count) broken records acknowledged by the broker")
        } catch {
            return .fail(
                name,
                "cannot produce to Kafka (KAFKA_BOOTSTRAP_SERVERS=\(environment.string("KAFKA_BOOTSTRAP_SERVERS", default: StackDefaults.kafkaBootstrapServers))): \(SmokeFailure.brief(error))"
            )
        }
    }
}
