import SampleCity
import Settings

/// The Kafka topic of each stream, from the same `KAFKA_TOPIC_*` variables the
/// services read, with the defaults of docs/contract.md.
struct StreamTopics: Sendable {
    let enrollments: String
    let contributions: String
    let bindings: String

    init(environment: ServiceEnvironment) {
        enrollments = environment.string("KAFKA_TOPIC_ENROLLMENTS", default: "insurance.enrollments.v1")
        contributions = environment.string("KAFKA_TOPIC_CONTRIBUTIONS", default: "insurance.contributions.v1")
        bindings = environment.string("KAFKA_TOPIC_BINDINGS", default: "insurance.bindings.v1")
    }

    func topic(for stream: SampleEvent.Stream) -> String {
        switch stream {
        case .enrollments: enrollments
        case .contributions: contributions
        case .bindings: bindings
        }
    }
}
