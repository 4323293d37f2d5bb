import Kafka

/// Where a Kafka record is: what ties a refusal (or a trace) to the record it is about.
struct RecordPosition: Hashable {
    let topic: String
    let partition: Int32
    let offset: Int64

    init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    init(_ message: KafkaConsumerMessage) {
        self.init(topic: message.topic, partition: message.partition, offset: message.offset)
    }

    init(_ refusal: Refusal) {
        self.init(topic: refusal.topic, partition: refusal.partition, offset: refusal.offset)
    }
}
