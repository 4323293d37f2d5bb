import InsuranceDomain
import Settings

/// The Kafka topic of each event stream; names are configuration (defaults: docs/contract.md, "Topics").
package struct TopicNames: Sendable, Hashable {
    var enrollments: String
    var contributions: String
    var bindings: String

    package init(
        enrollments: String = "insurance.enrollments.v1",
        contributions: String = "insurance.contributions.v1",
        bindings: String = "insurance.bindings.v1"
    ) {
        self.enrollments = enrollments
        self.contributions = contributions
        self.bindings = bindings
    }

    /// Reads `KAFKA_TOPIC_ENROLLMENTS`, `KAFKA_TOPIC_CONTRIBUTIONS`, `KAFKA_TOPIC_BINDINGS`.
    static func fromEnvironment(_ environment: ServiceEnvironment = ServiceEnvironment()) -> Self {
        let defaults = TopicNames()
        return TopicNames(
            enrollments: environment.string("KAFKA_TOPIC_ENROLLMENTS", default: defaults.enrollments),
            contributions: environment.string("KAFKA_TOPIC_CONTRIBUTIONS", default: defaults.contributions),
            bindings: environment.string("KAFKA_TOPIC_BINDINGS", default: defaults.bindings)
        )
    }

    func topic(for stream: EventStream) -> String {
        switch stream {
        case .enrollments: self.enrollments
        case .contributions: self.contributions
        case .bindings: self.bindings
        }
    }

    /// The outgoing form of a validated event: keyed by `personId`, structured mode.
    ///
    /// - Parameter value: the event's JSON when the caller has it (the received bytes);
    ///   otherwise the domain serialises the envelope.
    func outgoing(_ event: ValidatedEvent, value: [UInt8]? = nil) -> OutgoingEvent {
        OutgoingEvent(topic: self.topic(for: event.stream), key: event.personId, value: value ?? event.structuredJSON, type: event.type)
    }
}
