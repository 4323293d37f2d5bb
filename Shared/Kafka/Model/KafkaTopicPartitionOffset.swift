/// A partition and an offset in it. For commits the offset is the *next* one to read
/// (the last processed message's offset + 1), as in Kafka itself.
public struct KafkaTopicPartitionOffset: Sendable, Hashable, CustomStringConvertible {
    public var topicPartition: KafkaTopicPartition
    public var offset: Int64

    public init(topic: String, partition: Int32, offset: Int64) {
        self.topicPartition = KafkaTopicPartition(topic: topic, partition: partition)
        self.offset = offset
    }

    public init(_ topicPartition: KafkaTopicPartition, offset: Int64) {
        self.topicPartition = topicPartition
        self.offset = offset
    }

    /// A partition with one of librdkafka's logical offsets (or a concrete one).
    public init(_ topicPartition: KafkaTopicPartition, offset: KafkaOffset) {
        self.init(topicPartition, offset: offset.rawValue)
    }

    public var topic: String { topicPartition.topic }
    public var partition: Int32 { topicPartition.partition }
    public var description: String { "\(topicPartition)@\(offset)" }
}
