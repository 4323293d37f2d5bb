import CRdKafka
import Logging
import Metrics

/// One turn of the consumer's poll thread: takes a batch of messages from librdkafka's
/// consumer queue (serving rebalance callbacks on the way), hands them to the channel, and
/// now and then reports the lag. Everything here runs on the poll thread only.
struct ConsumerPoller: Sendable {
    let client: RdKafkaClient
    let queue: QueueHandle
    let state: ConsumerPollState
    let channel: MessageChannel
    let configuration: KafkaConsumerConfiguration
    let consumed: Counter
    let errors: Counter
    let metricsFactory: any MetricsFactory
    let logger: Logger
    /// Where a fatal error is left for `run()` to throw.
    let failure: Locked<KafkaError?>
    let shutdown: ShutdownSignal

    func pollOnce() {
        guard channel.waitForRoom() else { return }
        let take = channel.take
        state.ensureBuffer(take.count)
        state.revokedDuringTake = false
        let count = rd_kafka_consume_batch_queue(queue.queue, Int32(take.waitMilliseconds), state.buffer, take.count)
        var chunk: [KafkaConsumerMessage] = []
        if count > 0 { chunk.reserveCapacity(count) }
        for index in 0..<max(0, count) {
            guard let message = state.buffer[index] else { continue }
            defer { rd_kafka_message_destroy(message) }
            if message.pointee.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                let error = KafkaError(
                    message.pointee.err,
                    message: message.pointee.payload.map {
                        String(decoding: UnsafeRawBufferPointer(start: $0, count: message.pointee.len), as: UTF8.self)
                    }
                )
                errors.increment()
                if error.code == .partitionEOF { continue }
                logger.warning("Kafka consumer error", metadata: ["kafka.error": "\(error)"])
                if let fatal = client.fatalError {
                    logger.error("Kafka consumer fatal error, shutting down", metadata: ["kafka.error": "\(fatal)"])
                    failure.withLock { $0 = fatal }
                    shutdown.trigger()
                }
                continue
            }
            chunk.append(KafkaConsumerMessage(message, topicName: state.topicName))
        }
        if state.revokedDuringTake {
            chunk.removeAll { !state.assignment.contains($0.topicPartition) }
        }
        if !chunk.isEmpty {
            consumed.increment(by: chunk.count)
            channel.push(chunk)
        }
        if ContinuousClock.now - state.lastLagReport >= configuration.lagReportInterval {
            state.lastLagReport = .now
            reportLag()
        }
    }

    /// Consumer lag per assigned partition: the high watermark librdkafka last saw minus the
    /// position. Tansu's watermarks may be inexact, so this is a gauge, not a "caught up" test.
    private func reportLag() {
        guard !state.assignment.isEmpty else { return }
        let list = TopicPartitionList.make(state.assignment.map { KafkaTopicPartitionOffset($0, offset: .invalid) })
        defer { rd_kafka_topic_partition_list_destroy(list) }
        guard rd_kafka_position(client.handle, list) == RD_KAFKA_RESP_ERR_NO_ERROR else { return }
        for index in 0..<Int(list.pointee.cnt) {
            let element = list.pointee.elems[index]
            var low: Int64 = 0
            var high: Int64 = 0
            guard KafkaOffset(rawValue: element.offset).isConcrete,
                rd_kafka_get_watermark_offsets(client.handle, element.topic, element.partition, &low, &high)
                    == RD_KAFKA_RESP_ERR_NO_ERROR, high >= 0
            else { continue }
            Gauge(
                label: "kafka_consumer_lag",
                dimensions: [
                    ("group_id", configuration.groupID), ("topic", String(cString: element.topic)),
                    ("partition", String(element.partition)),
                ],
                factory: metricsFactory
            ).record(max(0, high - element.offset))
        }
    }
}

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

/// The consumer queue handle, used only on the poll thread.
///
/// `@unchecked Sendable`: librdkafka queues are thread safe, and this one is destroyed once,
/// by the poll thread's finish step.
final class QueueHandle: @unchecked Sendable {
    let queue: OpaquePointer
    init(_ queue: OpaquePointer) { self.queue = queue }
}
