import CRdKafka
import Logging
import Metrics
import ServiceLifecycle

/// An idempotent Kafka producer (`acks=all`). `send` returns once the broker acknowledged
/// the message. Run it as a `Service`: `run()` serves delivery reports until graceful
/// shutdown, then flushes in-flight messages within `shutdownFlushTimeout` and fails the
/// rest with a logged, retriable error.
public final class KafkaProducer: Service, Sendable {
    struct State: Sendable {
        var accepting = true
        var activeSenders = 0
    }

    let client: RdKafkaClient
    private let configuration: KafkaProducerConfiguration
    private let logger: Logger
    private let state = Locked(State())
    private let shutdown = ShutdownSignal()
    private let pollThread: PollThread
    private let producedCounter: Counter
    private let failedCounter: Counter

    public init(configuration: KafkaProducerConfiguration, logger: Logger) throws(KafkaError) {
        self.configuration = configuration
        self.logger = logger
        let client = try RdKafkaClient(kind: .producer, properties: configuration.librdkafkaProperties, logger: logger) { conf in
            rd_kafka_conf_set_dr_msg_cb(conf, DeliveryBatch.deliveryCallback)
        }
        self.client = client
        let dimensions = [("client_id", configuration.clientID)]
        self.producedCounter = Counter(label: "kafka_producer_messages_total", dimensions: dimensions)
        self.failedCounter = Counter(label: "kafka_producer_delivery_failures_total", dimensions: dimensions)
        let stateRef = state
        let flushTimeout = configuration.shutdownFlushTimeout
        // Delivery reports are served by rd_kafka_poll on this thread only; it sleeps in
        // librdkafka until an event arrives (no busy wait).
        self.pollThread = PollThread(
            name: "kafka-producer-poll",
            iteration: { _ = rd_kafka_poll(client.handle, 100) },
            finish: { Self.drain(client: client, state: stateRef, flushTimeout: flushTimeout, logger: logger) }
        )
    }

    deinit {
        // Without run(), shutting down here keeps no task waiting for a report forever.
        triggerGracefulShutdown()
    }

    /// Sends one message and returns its delivery report once the broker acknowledged it.
    public func send(_ message: KafkaOutgoingMessage) async throws(KafkaError) -> KafkaDeliveryReport {
        try await send([message])[0].get()
    }

    /// Sends many messages and awaits all acknowledgements together; results are in input order.
    public func send(_ messages: [KafkaOutgoingMessage]) async -> [Result<KafkaDeliveryReport, KafkaError>] {
        guard !messages.isEmpty else { return [] }
        let producedCounter = self.producedCounter
        let failedCounter = self.failedCounter
        let batch = DeliveryBatch(messages: messages) { succeeded, failed in
            if succeeded > 0 { producedCounter.increment(by: succeeded) }
            if failed > 0 { failedCounter.increment(by: failed) }
        }
        guard
            state.withLock({ state in
                guard state.accepting else { return false }
                state.activeSenders += 1
                return true
            })
        else {
            for index in messages.indices { batch.complete(index, .failure(.shutDown)) }
            return await batch.results()
        }
        defer { state.withLock { $0.activeSenders -= 1 } }

        var index = 0
        while index < messages.count {
            switch enqueue(messages[index], slot: batch.slots + index) {
            case nil:
                index += 1
            case let error? where error.code == .queueFull:
                // librdkafka's queue is full: wait for reports to free room, without blocking.
                let stop = state.withLock { !$0.accepting } ? KafkaError.shutDown : (Task.isCancelled ? KafkaError.cancelled : nil)
                if let stop {
                    for rest in index..<messages.count { batch.complete(rest, .failure(stop)) }
                    index = messages.count
                } else {
                    try? await Task.sleep(for: .milliseconds(1))
                }
            case let error?:
                batch.complete(index, .failure(error))
                index += 1
            }
        }
        return await batch.results()
    }

    /// Hands one message to librdkafka; `nil` when enqueued.
    private func enqueue(_ message: KafkaOutgoingMessage, slot: UnsafeMutablePointer<DeliverySlot>) -> KafkaError? {
        var headers: OpaquePointer?
        if !message.headers.isEmpty {
            let list = rd_kafka_headers_new(message.headers.count)!
            for header in message.headers {
                if let value = header.value {
                    _ = value.withUnsafeBytes { rd_kafka_header_add(list, header.key, -1, $0.baseAddress, $0.count) }
                } else {
                    _ = rd_kafka_header_add(list, header.key, -1, nil, 0)
                }
            }
            headers = list
        }
        _ = slot.pointee.batch.retain()
        let error: OpaquePointer? = message.topic.withCString { topic in
            message.value.withUnsafeBytes { value in
                withOptionalBytes(message.key) { key in
                    withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 7) { values in
                        var count = 0
                        func add(_ type: rd_kafka_vtype_t, _ fill: (inout rd_kafka_vu_t) -> Void) {
                            var entry = rd_kafka_vu_t()
                            entry.vtype = type
                            fill(&entry)
                            values[count] = entry
                            count += 1
                        }
                        add(RD_KAFKA_VTYPE_TOPIC) { $0.u.cstr = topic }
                        add(RD_KAFKA_VTYPE_VALUE) {
                            $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: value.baseAddress)
                            $0.u.mem.size = value.count
                        }
                        if let key {
                            add(RD_KAFKA_VTYPE_KEY) {
                                $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: key.baseAddress)
                                $0.u.mem.size = key.count
                            }
                        }
                        if let partition = message.partition { add(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = partition } }
                        if let headers { add(RD_KAFKA_VTYPE_HEADERS) { $0.u.headers = headers } }
                        add(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RD_KAFKA_MSG_F_COPY }
                        add(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = UnsafeMutableRawPointer(slot) }
                        return rd_kafka_produceva(client.handle, values.baseAddress, count)
                    }
                }
            }
        }
        guard let error else { return nil }
        // Not enqueued: no report will come, so the retain and the headers are ours to undo.
        slot.pointee.batch.release()
        if let headers { rd_kafka_headers_destroy(headers) }
        return KafkaError(consuming: error)
    }

    /// Messages handed to librdkafka and not yet reported on; lets tests start a shutdown
    /// only once their messages are in flight.
    var queuedMessages: Int { Int(rd_kafka_outq_len(client.handle)) }

    /// Whether a broker answers a metadata request in time; for readiness probes.
    public func isBrokerReachable(timeout: Duration) async -> Bool {
        await client.isBrokerReachable(timeout: timeout)
    }

    /// Serves delivery reports until graceful shutdown (or cancellation), then flushes.
    public func run() async throws {
        await shutdown.serve(until: pollThread) { self.triggerGracefulShutdown() }
        if let fatal = client.fatalError { throw fatal }
    }

    /// Stops accepting sends and lets the poll thread flush and finish.
    public func triggerGracefulShutdown() {
        state.withLock { $0.accepting = false }
        shutdown.trigger()
        pollThread.requestStop()
    }

    /// Shutdown on the poll thread: wait for senders still enqueueing, flush within the bound,
    /// then purge the rest so every waiting `send` gets an error, and say so in the log.
    private static func drain(client: RdKafkaClient, state: Locked<State>, flushTimeout: Duration, logger: Logger) {
        let handle = client.handle
        let clock = ContinuousClock()
        let deadline = clock.now + flushTimeout
        while state.withLock({ $0.activeSenders > 0 }) && clock.now < deadline {
            _ = rd_kafka_poll(handle, 1)
        }
        let remainingMilliseconds = Int32(clamping: max(0, (deadline - clock.now).milliseconds))
        _ = rd_kafka_flush(handle, remainingMilliseconds)
        let unsent = rd_kafka_outq_len(handle)
        if unsent > 0 {
            logger.error(
                "Kafka producer shutdown: messages not acknowledged within the flush timeout are failed",
                metadata: ["kafka.unacknowledged": "\(unsent)", "kafka.flush_timeout": "\(flushTimeout)"]
            )
            _ = rd_kafka_purge(handle, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
            // Purged messages report through the delivery callback, served by poll.
            let purgeDeadline = clock.now + .seconds(5)
            while rd_kafka_outq_len(handle) > 0 && clock.now < purgeDeadline {
                _ = rd_kafka_poll(handle, 10)
            }
        }
        _ = rd_kafka_poll(handle, 0)
    }
}

/// Calls `body` with the bytes of `bytes`, or `nil`.
func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    guard let bytes else { return body(nil) }
    return bytes.withUnsafeBytes { body($0) }
}
