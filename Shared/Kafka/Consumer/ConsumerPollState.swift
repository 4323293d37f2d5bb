import CRdKafka

/// What the consumer's poll thread keeps between iterations.
///
/// `@unchecked Sendable`: touched only on the poll thread (rebalance callbacks run inside
/// librdkafka calls made on that same thread).
final class ConsumerPollState: @unchecked Sendable {
    var assignment: Set<KafkaTopicPartition> = []
    var revokedDuringTake = false
    var lastLagReport = ContinuousClock.now
    private var topicNames: [OpaquePointer: String] = [:]
    private(set) var buffer: UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>
    private(set) var bufferCapacity: Int

    init() {
        bufferCapacity = 1024
        buffer = .allocate(capacity: bufferCapacity)
    }

    deinit { buffer.deallocate() }

    func ensureBuffer(_ count: Int) {
        guard count > bufferCapacity else { return }
        buffer.deallocate()
        bufferCapacity = count
        buffer = .allocate(capacity: count)
    }

    /// Topic handles live as long as the client, so their names are looked up once.
    func topicName(_ topic: OpaquePointer) -> String {
        if let name = topicNames[topic] { return name }
        let name = String(cString: rd_kafka_topic_name(topic))
        topicNames[topic] = name
        return name
    }
}
