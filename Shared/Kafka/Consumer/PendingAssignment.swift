/// Partitions announced to the caller as assigned but not yet given to librdkafka, and the
/// start offsets the caller chose for them with `seek`.
struct PendingAssignment: Sendable {
    var partitions: Set<KafkaTopicPartition>
    var starts: [KafkaTopicPartition: Int64] = [:]
}
