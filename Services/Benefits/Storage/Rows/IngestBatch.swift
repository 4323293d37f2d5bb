/// What one consumer poll delivered (or one lane of it): valid events and refusals, stored in
/// one transaction; the group's next offsets (`nextOffsets`) are stored after every lane of the
/// batch committed (`BenefitsStore.advanceOffsets`).
public struct IngestBatch: Sendable {
    /// The consumer group that read the batch; carried for the callers' logs and tests, the
    /// store does not read it (the offsets are stored with the group given to `advanceOffsets`).
    public var consumerGroup: String
    public var events: [IncomingEvent]
    public var refusals: [Refusal]

    public init(consumerGroup: String, events: [IncomingEvent], refusals: [Refusal] = []) {
        self.consumerGroup = consumerGroup
        self.events = events
        self.refusals = refusals
    }

    /// Per topic partition, one past the highest offset in the batch.
    public var nextOffsets: [TopicPartition: Int64] {
        var next: [TopicPartition: Int64] = [:]
        for event in events {
            let key = TopicPartition(topic: event.topic, partition: event.partition)
            next[key] = max(next[key] ?? 0, event.offset + 1)
        }
        for refusal in refusals {
            let key = TopicPartition(topic: refusal.topic, partition: refusal.partition)
            next[key] = max(next[key] ?? 0, refusal.offset + 1)
        }
        return next
    }
}
