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
    let pendingAssignment: Locked<PendingAssignment?>
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
            label: "kafka_consumer_messages_total",
            dimensions: [("group_id", configuration.groupID)],
            factory: metricsFactory
        )
        let errorCounter = Counter(
            label: "kafka_consumer_errors_total",
            dimensions: [("group_id", configuration.groupID)],
            factory: metricsFactory
        )
        let rebalance = RebalanceHandler(
            state: pollState,
            channel: channel,
            events: events,
            pending: pendingAssignment,
            timeout: configuration.rebalanceTimeout,
            stopping: stopping,
            logger: logger
        )
        client.callbacks.setRebalanceHandler { handle, error, list in
            rebalance.handle(handle, error: error, list: list)
        }
        let queue = rd_kafka_queue_get_consumer(client.handle)!
        let queueBox = QueueHandle(queue)
        let poller = ConsumerPoller(
            client: client,
            queue: queueBox,
            state: pollState,
            channel: channel,
            configuration: configuration,
            consumed: consumedCounter,
            errors: errorCounter,
            metricsFactory: metricsFactory,
            logger: logger,
            failure: failure,
            shutdown: shutdown
        )
        let thread = PollThread(
            name: "kafka-consumer-poll",
            iteration: { poller.pollOnce() },
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
            }
        )
        self.pollThread = thread
        channel.setStopCheck { [thread] in thread.isStopRequested }
    }

    deinit {
        triggerGracefulShutdown()
    }

    /// The messages one by one (taken from librdkafka `pollBatchSize` at a time).
    public var messages: KafkaConsumerMessages {
        KafkaConsumerMessages(batches: batches(maxCount: configuration.pollBatchSize, maxWait: configuration.pollMaxWait))
    }

    /// The messages in batches of up to `maxCount`, each gathered within `maxWait`.
    public func batches(maxCount: Int, maxWait: Duration) -> KafkaConsumerBatches {
        KafkaConsumerBatches(channel: channel, maxCount: maxCount, maxWait: maxWait)
    }

    /// Assignment and revocation of partitions (see `KafkaConsumerEvent`).
    public var events: KafkaConsumerEvents { KafkaConsumerEvents(events: rebalanceEvents) }

    /// Whether a broker answers a metadata request in time; for readiness probes.
    public func isBrokerReachable(timeout: Duration) async -> Bool {
        await client.isBrokerReachable(timeout: timeout)
    }

    public func run() async throws {
        await shutdown.serve(until: pollThread) { self.triggerGracefulShutdown() }
        if let failure = failure.withLock({ $0 }) { throw failure }
    }

    /// Leaves the group: the final revocation is published, then the streams finish.
    public func triggerGracefulShutdown() {
        shutdown.trigger()
        pollThread.requestStop()
    }
}

/// The consumer's messages one by one. Only one reader (of `messages` or `batches`) at a time.
public struct KafkaConsumerMessages: AsyncSequence, Sendable {
    public typealias Element = KafkaConsumerMessage
    /// The same takes from the channel as `batches`, of librdkafka's `pollBatchSize`, flattened.
    let batches: KafkaConsumerBatches

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(batches: batches.makeAsyncIterator())
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var batches: KafkaConsumerBatches.AsyncIterator
        var chunk: [KafkaConsumerMessage] = []
        var index = 0

        public mutating func next() async -> KafkaConsumerMessage? {
            while index == chunk.count {
                guard let next = await batches.next() else { return nil }
                chunk = next
                index = 0
            }
            defer { index += 1 }
            return chunk[index]
        }
    }
}

/// The consumer's messages in batches of up to `maxCount`, each gathered within `maxWait`
/// (never empty). Only one reader (of `messages` or `batches`) at a time.
public struct KafkaConsumerBatches: AsyncSequence, Sendable {
    public typealias Element = [KafkaConsumerMessage]
    let channel: MessageChannel
    let maxCount: Int
    let maxWait: Duration

    public func makeAsyncIterator() -> AsyncIterator {
        channel.setTake(count: maxCount, wait: maxWait)
        return AsyncIterator(channel: channel)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let channel: MessageChannel

        public mutating func next() async -> [KafkaConsumerMessage]? {
            await channel.next()
        }
    }
}

/// The consumer's assignment changes. Asking for the next event marks the previous one as
/// handled (see `KafkaConsumerEvent`). Only one iterator may be made.
public struct KafkaConsumerEvents: AsyncSequence, Sendable {
    public typealias Element = KafkaConsumerEvent
    let events: RebalanceEvents

    public func makeAsyncIterator() -> AsyncIterator {
        events.iteratorStarted()
        return AsyncIterator(lifetime: IteratorLifetime(events: events), base: events.stream.makeAsyncIterator())
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let lifetime: IteratorLifetime
        var base: AsyncStream<RebalanceEvents.Element>.AsyncIterator
        var previous: Int?

        public mutating func next() async -> KafkaConsumerEvent? {
            if let previous { lifetime.events.markHandled(upTo: previous) }
            guard let element = await base.next() else { return nil }
            previous = element.sequence
            return element.event
        }
    }

    /// Tells the consumer when the iterator is gone, so it stops waiting for acknowledgements.
    final class IteratorLifetime: Sendable {
        let events: RebalanceEvents
        init(events: RebalanceEvents) { self.events = events }
        deinit { events.iteratorEnded() }
    }
}

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
