import Kafka
import Testing

@testable import Benefits

/// Which broker answers give a dead letter up (noted in rejected_events) and which are waited for.
@Suite("Dead-letter failures")
struct DeadLetterFailureTests {
    static func error(_ code: KafkaError.Code, retriable: Bool, fatal: Bool = false) -> KafkaError {
        KafkaError(code: code, message: "test", isRetriable: retriable, isFatal: fatal)
    }

    /// A code this layer has no name for (librdkafka's codes end well below it).
    static let unknownCode = KafkaError.Code(rawValue: 9_999)

    @Test(
        "given up for good",
        arguments: [
            error(.unknownTopicOrPartition, retriable: true),
            // Retried forever before the classification was shared; refused by the enrollment service.
            error(.unknownPartition, retriable: true),
            error(.invalidMessageSize, retriable: false),
            error(.unknownTopic, retriable: false),
            error(.topicAuthorizationFailed, retriable: false),
            error(.messageSizeTooLarge, retriable: false),
            error(.recordListTooLarge, retriable: false),
            error(.fatal, retriable: false, fatal: true),
            error(unknownCode, retriable: false),
        ]
    )
    func permanent(error: KafkaError) {
        #expect(DeadLetterSender.isPermanent(error))
    }

    @Test(
        "retried: the broker is away or busy",
        arguments: [
            error(.transport, retriable: true),
            error(.messageTimedOut, retriable: true),
            error(.allBrokersDown, retriable: true),
            error(.notLeaderForPartition, retriable: true),
            error(.queueFull, retriable: true),
        ]
    )
    func transient(error: KafkaError) {
        #expect(!DeadLetterSender.isPermanent(error))
    }

    @Test("a broker that never acknowledges: the dead letter is given up after BENEFITS_DEADLETTER_WAIT_MS and noted, not waited for forever")
    func givenUpAfterTheWait() async throws {
        // Nothing listens on port 1: every send fails transiently (transport, then timed out).
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(
                bootstrapServers: "127.0.0.1:1",
                clientID: "dead-letter-wait",
                messageTimeout: .milliseconds(500)
            ),
            logger: PipelineHarness.logger
        )
        let sender = DeadLetterSender(
            producer: producer,
            topic: "dlq",
            policy: RetryPolicy(cap: .milliseconds(200)),
            wait: .seconds(2),
            metrics: PipelineMetrics(),
            logger: PipelineHarness.logger
        )
        let record = KafkaConsumerMessage(
            topic: "insurance.contributions.v1",
            partition: 0,
            offset: 7,
            key: nil,
            value: Array("{".utf8),
            headers: [],
            timestamp: nil
        )
        let refusal = Refusal(
            source: nil,
            eventId: nil,
            type: nil,
            reason: "(event): invalid JSON",
            payload: "{",
            topic: record.topic,
            partition: record.partition,
            offset: record.offset
        )
        // The time until `send` gives up, not counting the producer's shutdown after it (its
        // flush of the unacknowledged letter may take seconds more on a loaded machine).
        let (result, waited) = try await withThrowingTaskGroup(of: ([Refusal], Duration)?.self) { group in
            group.addTask {
                try await producer.run()
                return nil
            }
            group.addTask {
                let started = ContinuousClock.now
                let sent = try await sender.send([refusal], from: [record])
                return (sent, ContinuousClock.now - started)
            }
            var sent: ([Refusal], Duration) = ([], .zero)
            while let next = try await group.next() {
                if let next {
                    sent = next
                    break
                }
            }
            producer.triggerGracefulShutdown()
            try await group.waitForAll()
            return sent
        }
        #expect(result.count == 1)
        #expect(result.first?.deadLetterError?.contains("BENEFITS_DEADLETTER_WAIT_MS") == true, "\(result)")
        #expect(waited < .seconds(15), "gave up after \(waited)")
    }

    @Test("a dead letter keeps the record, says where it came from and why, and stays in the record's trace")
    func letterHeaders() {
        let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let record = KafkaConsumerMessage(
            topic: "insurance.contributions.v1",
            partition: 2,
            offset: 41,
            key: Array("p-1".utf8),
            value: Array("{}".utf8),
            headers: [
                KafkaHeader(key: "ce_id", value: "e-1"), KafkaHeader(key: "Content-Type", value: "application/json"),
                KafkaHeader(key: "traceparent", value: traceparent), KafkaHeader(key: "tracestate", value: "city=1"),
                KafkaHeader(key: "x-internal", value: "not forwarded"),
            ],
            timestamp: nil
        )
        let letter = DeadLetterSender.letter(for: record, reason: "data.amountFen: must be positive", topic: "dlq")
        #expect(letter.topic == "dlq")
        #expect(letter.key == record.key)
        #expect(letter.value == record.value)
        #expect(
            letter.headers.map(\.key) == [
                "reason", "original-topic", "original-partition", "original-offset",
                "ce_id", "Content-Type", "traceparent", "tracestate",
            ]
        )
        #expect(letter.headers.first { $0.key == "traceparent" }?.value == Array(traceparent.utf8))
        #expect(letter.headers.first { $0.key == "original-offset" }?.value == Array("41".utf8))
    }
}
