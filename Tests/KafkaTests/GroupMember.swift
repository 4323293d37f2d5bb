import Testing

@testable import Kafka

/// A consumer running as a service in tests: tracks its partitions from `events` and commits
/// each batch before counting it as received.
final class GroupMember: Sendable {
    let consumer: KafkaConsumer
    let assigned = Locked<Set<KafkaTopicPartition>>([])
    let received = Locked<[KafkaConsumerMessage]>([])
    let commitFailures = Locked<[String]>([])
    private let tasks: Locked<[Task<Void, any Error>]> = Locked([])

    init(
        group: String,
        topic: String,
        waitsForEventHandling: Bool = false,
        sessionTimeout: Duration = .seconds(6),
        onAssigned: @escaping @Sendable (KafkaConsumer, [KafkaTopicPartition]) async throws -> Void = { _, _ in }
    ) throws {
        var configuration = TestBroker.consumerConfiguration(group: group, topic: topic)
        configuration.waitsForEventHandling = waitsForEventHandling
        configuration.sessionTimeout = sessionTimeout
        let consumer = try KafkaConsumer(configuration: configuration, logger: TestBroker.logger)
        self.consumer = consumer
        let assigned = self.assigned
        let received = self.received
        let commitFailures = self.commitFailures
        tasks.withLock { tasks in
            tasks.append(Task { try await consumer.run() })
            tasks.append(
                Task {
                    for await event in consumer.events {
                        switch event {
                        case .assigned(let partitions):
                            try await onAssigned(consumer, partitions)
                            assigned.withLock { $0.formUnion(partitions) }
                        case .revoked(let partitions):
                            assigned.withLock { $0.subtract(partitions) }
                        }
                    }
                }
            )
            tasks.append(
                Task {
                    for await batch in consumer.batches(maxCount: 500, maxWait: .milliseconds(50)) {
                        do {
                            try await consumer.commit(after: batch)
                            received.withLock { $0.append(contentsOf: batch) }
                        } catch {
                            // A commit racing a rebalance is refused by the broker with a
                            // group-generation error; Kafka's contract is that those records
                            // may be read again by their next owner, which the tests check.
                            // Any other commit failure is a defect.
                            if !((error as? KafkaError).map { GroupMember.rebalanceCodes.contains($0.code) } ?? false) {
                                commitFailures.withLock { $0.append("\(error)") }
                            }
                        }
                    }
                }
            )
        }
    }

    /// ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS, and librdkafka's
    /// local "not assigned" (_STATE) and _ASSIGNMENT_LOST refusals during a rebalance.
    static let rebalanceCodes: Set<KafkaError.Code> = [
        .illegalGeneration, .unknownMemberID, .rebalanceInProgress, .state, .assignmentLost,
    ]

    /// Leaves the group and waits until all its tasks are done.
    func stop() async throws {
        consumer.triggerGracefulShutdown()
        for task in tasks.value { try await task.value }
    }
}

/// `count` messages spread over all partitions by key, values `"<wave>-<index>"`.
func wave(_ name: String, count: Int, topic: String) -> [KafkaOutgoingMessage] {
    (0..<count).map { KafkaOutgoingMessage(topic: topic, key: "k\($0)", value: bytes("\(name)-\($0)")) }
}

func expectAllDelivered(_ results: [Result<KafkaDeliveryReport, KafkaError>], sourceLocation: SourceLocation = #_sourceLocation) {
    let failures = results.filter { if case .failure = $0 { true } else { false } }
    #expect(failures.isEmpty, "failed sends: \(failures.prefix(3))", sourceLocation: sourceLocation)
}
