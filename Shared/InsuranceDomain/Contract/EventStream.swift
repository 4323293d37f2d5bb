/// Which Kafka topic family an event belongs to (topic names are configuration).
public enum EventStream: String, Sendable, Hashable, CaseIterable {
    case enrollments, contributions, bindings
}
