/// A change of the consumer's partitions.
///
/// The consumer waits until the caller has handled an event before it goes on: the event is
/// handled when the caller asks its `events` iterator for the next one (so the body of
/// `for await event in consumer.events { ... }` runs to completion first), or when
/// `rebalanceTimeout` passes. On `.assigned` the partitions are already assigned and no
/// message of them has been handed out yet, so `seek` sets where reading starts. On
/// `.revoked` the partitions are still owned: finish and `commit` the in-flight work.
public enum KafkaConsumerEvent: Sendable, Hashable {
    case assigned([KafkaTopicPartition])
    case revoked([KafkaTopicPartition])
}
