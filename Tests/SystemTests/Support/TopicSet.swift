import Foundation
import Kafka
import SampleCity

/// Topics of one test, unique per run so parallel tests and other suites never share them.
struct TopicSet: Sendable {
    let enrollments: String
    let contributions: String
    let bindings: String
    let deadletter: String
    /// The benefits service's coverage change feed (`KAFKA_TOPIC_COVERAGE`).
    let coverage: String

    static func create(prefix: String, bootstrapServers: String, partitions: Int32 = 6) async throws -> TopicSet {
        let topics = TopicSet(
            enrollments: "\(prefix).enrollments",
            contributions: "\(prefix).contributions",
            bindings: "\(prefix).bindings",
            deadletter: "\(prefix).deadletter",
            coverage: "\(prefix).coverage"
        )
        for topic in topics.all {
            try await KafkaAdmin.ensureTopic(topic, partitions: partitions, bootstrapServers: bootstrapServers)
        }
        return topics
    }

    var all: [String] { [enrollments, contributions, bindings, deadletter, coverage] }

    func topic(for stream: SampleEvent.Stream) -> String {
        switch stream {
        case .enrollments: enrollments
        case .contributions: contributions
        case .bindings: bindings
        }
    }

    /// The `KAFKA_TOPIC_*` variables both services read.
    var environment: [String: String] {
        [
            "KAFKA_TOPIC_ENROLLMENTS": enrollments, "KAFKA_TOPIC_CONTRIBUTIONS": contributions,
            "KAFKA_TOPIC_BINDINGS": bindings, "KAFKA_TOPIC_DEADLETTER": deadletter,
            "KAFKA_TOPIC_COVERAGE": coverage,
        ]
    }
}
