import Kafka
import Logging
import ServiceSupport

/// Sends refused records to the dead-letter topic and waits for the broker's acknowledgements.
///
/// Transient failures (broker unreachable, timeouts) are retried with backoff: the batch
/// waits, as it would for the database, but for at most `wait` (`BENEFITS_DEADLETTER_WAIT_MS`).
/// A permanent failure is not retried, and what is still unacknowledged after `wait` is given
/// up too: the refusal comes back with `deadLetterError` set (stored in
/// `rejected_events.dead_letter_error`), an error is logged and
/// `benefits_dead_letters_failed_total` counts it, and ingestion goes on. The refusal itself is
/// never lost: it is in `rejected_events`. Why a bound: a dead-letter topic the broker cannot
/// serve (its partition's leader away) would otherwise hold every batch of the city.
struct DeadLetterSender: Sendable {
    let producer: KafkaProducer
    /// `BENEFITS_DEADLETTER_TOPIC`.
    let topic: String
    let policy: RetryPolicy
    /// `BENEFITS_DEADLETTER_WAIT_MS`.
    let wait: Duration
    let metrics: PipelineMetrics
    let logger: Logger

    /// Whether a failed dead letter must be given up (and noted) rather than sent again: the
    /// Kafka layer's one classification (`KafkaError.deliveryVerdict`), shared with the
    /// enrollment service's answers, so an unknown partition is given up here as it is refused there.
    static func isPermanent(_ error: KafkaError) -> Bool {
        switch error.deliveryVerdict {
        case .permanent, .tooLarge: true
        case .timedOut, .transient: false
        }
    }

    /// The refusals, each with `deadLetterError` set when its dead letter was refused for good.
    func send(_ refusals: [Refusal], from messages: [KafkaConsumerMessage]) async throws -> [Refusal] {
        guard !refusals.isEmpty else { return refusals }
        var records: [RecordPosition: KafkaConsumerMessage] = [:]
        for message in messages { records[RecordPosition(message)] = message }
        var result = refusals
        var pending: [(index: Int, letter: KafkaOutgoingMessage)] = []
        for (index, refusal) in refusals.enumerated() {
            logger.info(
                "event refused",
                metadata: [
                    "source": "\(LogText.escaped(refusal.source ?? "-"))", "eventId": "\(LogText.escaped(refusal.eventId ?? "-"))",
                    "topic": "\(LogText.escaped(refusal.topic))", "partition": "\(refusal.partition)", "offset": "\(refusal.offset)",
                ]
            )
            guard let message = records[RecordPosition(refusal)] else { continue }
            pending.append((index, Self.letter(for: message, reason: refusal.reason, topic: topic)))
        }
        var backoff = policy.backoff()
        let deadline = ContinuousClock.now + wait
        while !pending.isEmpty {
            let results = await producer.send(pending.map { $0.letter })
            var again: [(index: Int, letter: KafkaOutgoingMessage)] = []
            var lastError: KafkaError?
            for (item, outcome) in zip(pending, results) {
                guard case .failure(let error) = outcome else { continue }
                if error.code == .destroy { throw CancellationError() }
                if Self.isPermanent(error) {
                    result[item.index].deadLetterError = "\(error.codeName): \(error.message)"
                    metrics.recordDeadLetterFailure()
                    logger.error(
                        "dead letter could not be sent; noted in rejected_events",
                        metadata: [
                            "topic": "\(LogText.escaped(item.letter.topic))", "kafka.error": "\(LogText.escaped("\(error)"))",
                            "original-offset": "\(refusals[item.index].offset)",
                        ]
                    )
                } else {
                    again.append(item)
                    lastError = error
                }
            }
            pending = again
            if let lastError, !pending.isEmpty {
                let delay = backoff.delay()
                if ContinuousClock.now + delay >= deadline {
                    let reason =
                        "not acknowledged within \(wait.milliseconds) ms (BENEFITS_DEADLETTER_WAIT_MS): \(lastError.codeName): \(lastError.message)"
                    for item in pending {
                        result[item.index].deadLetterError = reason
                        metrics.recordDeadLetterFailure()
                    }
                    logger.error(
                        "dead letters given up after the wait; noted in rejected_events",
                        metadata: ["count": "\(pending.count)", "kafka.error": "\(LogText.escaped("\(lastError)"))"]
                    )
                    return result
                }
                logger.warning(
                    "dead letters not acknowledged; retrying",
                    metadata: [
                        "count": "\(again.count)", "kafka.error": "\(LogText.escaped("\(lastError)"))",
                    ]
                )
                try await RetryPolicy.pause(delay)
            }
        }
        return result
    }

    /// Headers of the record that travel with its dead letter: the binary-mode attributes and
    /// content type, so the dead letter can be read as the event it was, and the trace context,
    /// so it stays in the trace of the request that sent the event.
    static func travelsAlong(_ header: KafkaHeader) -> Bool {
        let key = header.key.lowercased()
        return key.hasPrefix("ce_") || ["content-type", "traceparent", "tracestate"].contains(key)
    }

    /// The record as it came, for `topic`, with headers saying where it came from and why it
    /// was refused.
    static func letter(for message: KafkaConsumerMessage, reason: String, topic: String) -> KafkaOutgoingMessage {
        var headers = [
            KafkaHeader(key: "reason", value: reason),
            KafkaHeader(key: "original-topic", value: message.topic),
            KafkaHeader(key: "original-partition", value: String(message.partition)),
            KafkaHeader(key: "original-offset", value: String(message.offset)),
        ]
        headers += message.headers.filter(travelsAlong)
        return KafkaOutgoingMessage(topic: topic, key: message.key, value: message.value, headers: headers)
    }
}

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
