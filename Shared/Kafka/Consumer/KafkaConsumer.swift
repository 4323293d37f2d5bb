import CRdKafka
import Logging
import Metrics
import ServiceLifecycle

/// A consumer-group member that reads the configured topics and commits only the offsets it
/// is given. It starts joining the group when created; run it as a `Service`: `run()` returns
/// only after graceful shutdown (or cancellation) was asked for and the consumer has left the
/// group (LeaveGroup at once, no waiting out the session timeout), or throws on a fatal error.
public final class KafkaConsumer: Service, Sendable {
    let client: RdKafkaClient
    private let configuration: KafkaConsumerConfiguration
    private let logger: Logger
    private let channel: MessageChannel
    private let rebalanceEvents: RebalanceEvents
    private let shutdown = ShutdownSignal()
    private let failure = Locked<KafkaError?>(nil)
    /// Partitions announced as `.assigned` but not yet handed to librdkafka, with the offsets
    /// `seek` asked for meanwhile: they become the assignment's start offsets.
    private let pendingAssignment: Locked<PendingAssignment?>
    private let pollThread: PollThread

    public init(configuration: KafkaConsumerConfiguration, logger: Logger) throws(KafkaError) {
        if configuration.groupID.isEmpty {
            throw KafkaError.configuration(property: "group.id", reason: "must not be empty")
        }
        if configuration.topics.isEmpty || configuration.topics.contains(where: \.isEmpty) {
            throw KafkaError.configuration(property: "topics", reason: "must list at least one topic and no empty name")
        }
        self.configuration = configuration
        self.logger = logger
        let client = try RdKafkaClient(kind: .consumer, properties: configuration.librdkafkaProperties, logger: logger) { conf in
            rd_kafka_conf_set_rebalance_cb(conf, RdKafkaCallbacks.rebalanceCallback)
        }
        self.client = client
        let channel = MessageChannel(takeCount: configuration.pollBatchSize, takeWait: configuration.pollMaxWait)
        self.channel = channel
        let events = RebalanceEvents(waitsForHandling: configuration.waitsForEventHandling)
        self.rebalanceEvents = events
        // Everything (messages, rebalances, errors) arrives on the consumer queue.
        rd_kafka_poll_set_consumer(client.handle)
        let topics = rd_kafka_topic_partition_list_new(Int32(configuration.topics.count))!
        for topic in configuration.topics {
            rd_kafka_topic_partition_list_add(topics, topic, RD_KAFKA_PARTITION_UA)
        }
        let subscribeError = rd_kafka_subscribe(client.handle, topics)
        rd_kafka_topic_partition_list_destroy(topics)
        if subscribeError != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(subscribeError) }

        let pendingAssignment = Locked<PendingAssignment?>(nil)
        self.pendingAssignment = pendingAssignment
        // Captured here so a task-local factory (withMetricsFactory) also reaches the poll thread.
        let metricsFactory = MetricsSystem.factory
        let pollState = ConsumerPollState()
        let stopping = Locked(false)
        let failure = self.failure
        let shutdown = self.shutdown
        let consumedCounter = Counter(
            label: "kafka_consumer_messages_total", dimensions: [("group_id", configuration.groupID)], factory: metricsFactory)
        let errorCounter = Counter(
            label: "kafka_consumer_errors_total", dimensions: [("group_id", configuration.groupID)], factory: metricsFactory)
        client.callbacks.setRebalanceHandler { handle, error, list in
            Self.rebalance(
                handle: handle, error: error, list: list, state: pollState, channel: channel, events: events,
                pending: pendingAssignment,
                timeout: configuration.rebalanceTimeout, stopping: stopping.withLock { $0 }, logger: logger)
        }
        let queue = rd_kafka_queue_get_consumer(client.handle)!
        let queueBox = QueueHandle(queue)
        let thread = PollThread(
            name: "kafka-consumer-poll",
            iteration: {
                Self.pollOnce(
                    client: client, queue: queueBox.queue, state: pollState, channel: channel,
                    configuration: configuration, consumed: consumedCounter, errors: errorCounter,
                    metricsFactory: metricsFactory, logger: logger,
                    failure: failure, shutdown: shutdown)
            },
            finish: {
                stopping.withLock { $0 = true }
                // Leaves the group at once; the final revocation is served by this call.
                let closeError = rd_kafka_consumer_close(client.handle)
                if closeError != RD_KAFKA_RESP_ERR_NO_ERROR {
                    logger.warning("Kafka consumer close failed", metadata: ["kafka.error": "\(KafkaError(closeError))"])
                }
                rd_kafka_queue_destroy(queueBox.queue)
                channel.finish()
                events.finish()
            })
        self.pollThread = thread
        channel.setStopCheck { [thread] in thread.isStopRequested }
    }

    deinit {
        triggerGracefulShutdown()
    }

    /// The messages one by one (taken from librdkafka `pollBatchSize` at a time).
    public var messages: KafkaConsumerMessages {
        KafkaConsumerMessages(channel: channel, takeCount: configuration.pollBatchSize, takeWait: configuration.pollMaxWait)
    }

    /// The messages in batches of up to `maxCount`, each gathered within `maxWait`.
    public func batches(maxCount: Int, maxWait: Duration) -> KafkaConsumerBatches {
        KafkaConsumerBatches(channel: channel, maxCount: maxCount, maxWait: maxWait)
    }

    /// Assignment and revocation of partitions (see `KafkaConsumerEvent`).
    public var events: KafkaConsumerEvents { KafkaConsumerEvents(events: rebalanceEvents) }

    /// Commits the given offsets (each the next offset to read) and returns once the group
    /// coordinator stored them.
    public func commit(_ offsets: [KafkaTopicPartitionOffset]) async throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        let error: KafkaError? = await client.blocking { handle in
            let list = TopicPartitionList.make(offsets)
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let code = rd_kafka_commit(handle, list, 0)
            if code != RD_KAFKA_RESP_ERR_NO_ERROR { return KafkaError(code) }
            return TopicPartitionList.firstError(list)
        }
        if let error { throw error }
    }

    /// Commits, per partition, the offset after the last of `messages`.
    public func commit(after messages: some Sequence<KafkaConsumerMessage>) async throws(KafkaError) {
        var next: [KafkaTopicPartition: Int64] = [:]
        for message in messages {
            next[message.topicPartition] = max(next[message.topicPartition] ?? 0, message.offset + 1)
        }
        try await commit(next.map { KafkaTopicPartitionOffset($0.key, offset: $0.value) })
    }

    /// Makes the next message read from `partition` (which must be assigned) the one at `offset`.
    public func seek(_ partition: KafkaTopicPartition, to offset: Int64) async throws(KafkaError) {
        try await seek([KafkaTopicPartitionOffset(partition, offset: offset)])
    }

    /// Seeks several assigned partitions at once.
    /// While an `.assigned` event is being handled the offsets become the partitions' start
    /// offsets; otherwise the partitions are seeked (retried briefly while a fresh assignment
    /// is still starting up).
    public func seek(_ offsets: [KafkaTopicPartitionOffset]) async throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        let remaining = pendingAssignment.withLock { pending -> [KafkaTopicPartitionOffset] in
            guard pending != nil else { return offsets }
            var rest: [KafkaTopicPartitionOffset] = []
            for offset in offsets {
                if pending?.partitions.contains(offset.topicPartition) == true {
                    pending?.starts[offset.topicPartition] = offset.offset
                } else {
                    rest.append(offset)
                }
            }
            return rest
        }
        guard !remaining.isEmpty else { return }
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            let error: KafkaError? = await client.blocking { handle in
                let list = TopicPartitionList.make(remaining)
                defer { rd_kafka_topic_partition_list_destroy(list) }
                if let error = rd_kafka_seek_partitions(handle, list, 10_000) { return KafkaError(consuming: error) }
                return TopicPartitionList.firstError(list)
            }
            guard let error else { return }
            guard error.code == RD_KAFKA_RESP_ERR__STATE.rawValue, ContinuousClock.now < deadline else { throw error }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The committed offsets of the given partitions (`nil` where none is committed).
    public func committedOffsets(_ partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)) async throws(KafkaError)
        -> [KafkaTopicPartition: Int64?]
    {
        let milliseconds = Int32(clamping: timeout.milliseconds)
        let result: Result<[KafkaTopicPartition: Int64?], KafkaError> = await client.blocking { handle in
            let list = TopicPartitionList.make(partitions.map { KafkaTopicPartitionOffset($0, offset: -1001) })
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let code = rd_kafka_committed(handle, list, milliseconds)
            if code != RD_KAFKA_RESP_ERR_NO_ERROR { return .failure(KafkaError(code)) }
            var offsets: [KafkaTopicPartition: Int64?] = [:]
            for index in 0..<Int(list.pointee.cnt) {
                let element = list.pointee.elems[index]
                let partition = KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)
                offsets[partition] = element.offset >= 0 ? element.offset : nil
            }
            return .success(offsets)
        }
        return try result.get()
    }

    /// Whether a broker answers a metadata request in time; for readiness probes.
    public func isBrokerReachable(timeout: Duration) async -> Bool {
        await client.isBrokerReachable(timeout: timeout)
    }

    public func run() async throws {
        await shutdown.waitForShutdownRequest { self.triggerGracefulShutdown() }
        // Also reached when a fatal error triggered the signal: make sure the thread stops.
        triggerGracefulShutdown()
        await pollThread.waitUntilFinished()
        if let failure = failure.withLock({ $0 }) { throw failure }
    }

    /// Leaves the group: the final revocation is published, then the streams finish.
    public func triggerGracefulShutdown() {
        shutdown.trigger()
        pollThread.requestStop()
    }

    // MARK: Poll thread

    private static func pollOnce(
        client: RdKafkaClient, queue: OpaquePointer, state: ConsumerPollState, channel: MessageChannel,
        configuration: KafkaConsumerConfiguration, consumed: Counter, errors: Counter, metricsFactory: any MetricsFactory,
        logger: Logger,
        failure: Locked<KafkaError?>, shutdown: ShutdownSignal
    ) {
        guard channel.waitForRoom() else { return }
        let take = channel.take
        state.ensureBuffer(take.count)
        state.revokedDuringTake = false
        let count = rd_kafka_consume_batch_queue(queue, Int32(take.waitMilliseconds), state.buffer, take.count)
        var chunk: [KafkaConsumerMessage] = []
        if count > 0 { chunk.reserveCapacity(count) }
        for index in 0..<max(0, count) {
            guard let message = state.buffer[index] else { continue }
            defer { rd_kafka_message_destroy(message) }
            if message.pointee.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                let error = KafkaError(message.pointee.err, message: message.pointee.payload.map {
                    String(decoding: UnsafeRawBufferPointer(start: $0, count: message.pointee.len), as: UTF8.self)
                })
                errors.increment()
                if message.pointee.err == RD_KAFKA_RESP_ERR__PARTITION_EOF { continue }
                logger.warning("Kafka consumer error", metadata: ["kafka.error": "\(error)"])
                if let fatal = client.fatalError {
                    logger.error("Kafka consumer fatal error, shutting down", metadata: ["kafka.error": "\(fatal)"])
                    failure.withLock { $0 = fatal }
                    shutdown.trigger()
                }
                continue
            }
            chunk.append(convert(message, state: state))
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
            reportLag(client: client, state: state, groupID: configuration.groupID, factory: metricsFactory)
        }
    }

    private static func convert(_ message: UnsafeMutablePointer<rd_kafka_message_t>, state: ConsumerPollState) -> KafkaConsumerMessage {
        let raw = message.pointee
        let value = raw.payload.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: raw.len)) } ?? []
        let key = raw.key.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: raw.key_len)) }
        var headers: [KafkaHeader] = []
        var list: OpaquePointer?
        if rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list {
            var index = 0
            var name: UnsafePointer<CChar>?
            var pointer: UnsafeRawPointer?
            var size = 0
            while rd_kafka_header_get_all(list, index, &name, &pointer, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
                headers.append(
                    KafkaHeader(
                        key: name.map { String(cString: $0) } ?? "",
                        value: pointer.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: size)) }))
                index += 1
            }
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)
        return KafkaConsumerMessage(
            topic: raw.rkt.map { state.topicName($0) } ?? "", partition: raw.partition, offset: raw.offset, key: key,
            value: value, headers: headers, timestamp: timestamp >= 0 ? timestamp : nil)
    }

    /// Called by librdkafka on the poll thread. Assign first, then let the caller seek; on
    /// revocation let the caller finish and commit, then give the partitions up.
    private static func rebalance(
        handle: OpaquePointer, error: rd_kafka_resp_err_t, list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>,
        state: ConsumerPollState, channel: MessageChannel, events: RebalanceEvents,
        pending: Locked<PendingAssignment?>, timeout: Duration, stopping: Bool, logger: Logger
    ) {
        let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
        let partitions = TopicPartitionList.partitions(list)
        switch error {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            // Publish first, assign after: seeks made while handling the event become start
            // offsets (librdkafka refuses to seek a partition that is not fetching yet).
            pending.withLock { $0 = PendingAssignment(partitions: Set(partitions)) }
            logger.info("Kafka partitions assigned", metadata: ["kafka.partitions": "\(partitions)"])
            events.publish(.assigned(partitions), timeout: timeout, stopping: stopping)
            let starts = pending.withLock { pending in
                defer { pending = nil }
                return pending?.starts ?? [:]
            }
            for index in 0..<Int(list.pointee.cnt) {
                let element = list.pointee.elems[index]
                let partition = KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)
                if let offset = starts[partition] { list.pointee.elems[index].offset = offset }
            }
            if cooperative {
                if let failure = rd_kafka_incremental_assign(handle, list) {
                    logger.error("Kafka incremental assign failed", metadata: ["kafka.error": "\(KafkaError(consuming: failure))"])
                }
            } else {
                let code = rd_kafka_assign(handle, list)
                if code != RD_KAFKA_RESP_ERR_NO_ERROR {
                    logger.error("Kafka assign failed", metadata: ["kafka.error": "\(KafkaError(code))"])
                }
            }
            state.assignment.formUnion(partitions)
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            let revoked = Set(partitions)
            state.assignment.subtract(revoked)
            state.revokedDuringTake = true
            channel.removeMessages(of: revoked)
            logger.info("Kafka partitions revoked", metadata: ["kafka.partitions": "\(partitions)"])
            events.publish(.revoked(partitions), timeout: timeout, stopping: stopping)
            if cooperative {
                rd_kafka_error_destroy_if(rd_kafka_incremental_unassign(handle, list))
            } else {
                _ = rd_kafka_assign(handle, nil)
            }
        default:
            logger.error("Kafka rebalance error", metadata: ["kafka.error": "\(KafkaError(error))"])
            state.assignment.removeAll()
            _ = rd_kafka_assign(handle, nil)
        }
    }

    /// Consumer lag per assigned partition: the high watermark librdkafka last saw minus the
    /// position. Tansu's watermarks may be inexact, so this is a gauge, not a "caught up" test.
    private static func reportLag(client: RdKafkaClient, state: ConsumerPollState, groupID: String, factory: any MetricsFactory) {
        guard !state.assignment.isEmpty else { return }
        let list = TopicPartitionList.make(state.assignment.map { KafkaTopicPartitionOffset($0, offset: -1001) })
        defer { rd_kafka_topic_partition_list_destroy(list) }
        guard rd_kafka_position(client.handle, list) == RD_KAFKA_RESP_ERR_NO_ERROR else { return }
        for index in 0..<Int(list.pointee.cnt) {
            let element = list.pointee.elems[index]
            var low: Int64 = 0
            var high: Int64 = 0
            guard element.offset >= 0,
                rd_kafka_get_watermark_offsets(client.handle, element.topic, element.partition, &low, &high)
                    == RD_KAFKA_RESP_ERR_NO_ERROR, high >= 0
            else { continue }
            Gauge(
                label: "kafka_consumer_lag",
                dimensions: [
                    ("group_id", groupID), ("topic", String(cString: element.topic)), ("partition", String(element.partition)),
                ],
                factory: factory
            ).record(max(0, high - element.offset))
        }
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
