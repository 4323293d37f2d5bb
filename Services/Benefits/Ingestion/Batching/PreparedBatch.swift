import InsuranceDomain
import Kafka

/// A batch of records validated and dead-lettered, ready for its database transaction.
struct PreparedBatch: Sendable {
    var messages: [KafkaConsumerMessage]
    var batch: IngestBatch
    /// The batch's valid events by identity, so recomputation does not parse them again.
    var known: [EventIdentity: ValidatedEvent]
    var consumedByType: [String: Int]
    var refusedByType: [String: Int]
    var started: ContinuousClock.Instant
}
