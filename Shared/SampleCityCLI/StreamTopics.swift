import SampleCity

/// The Kafka topic of each stream, from the same `KAFKA_TOPIC_*` variables the
/// services read, with the defaults of docs/contract.md.
struct StreamTopics: Sendable {
    let enrollments: String
    let contributions: String
    let bindings: String

    init(environment: [String: String]) {
        func topic(_ variable: String, _ fallback: String) -> String {
            guard let value = environment[variable], !value.isEmpty else { return fallback }
            return value
        }
        enrollments = topic("KAFKA_TOPIC_ENROLLMENTS", "insurance.enrollments.v1")
        contributions = topic("KAFKA_TOPIC_CONTRIBUTIONS", "insurance.contributions.v1")
        bindings = topic("KAFKA_TOPIC_BINDINGS", "insurance.bindings.v1")
    }

    func topic(for stream: SampleEvent.Stream) -> String {
        switch stream {
        case .enrollments: enrollments
        case .contributions: contributions
        case .bindings: bindings
        }
    }
}
