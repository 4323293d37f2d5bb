import TestSupport
import Testing

@testable import Kafka

@Suite struct ConsumerGroupTests {
    @Test func twoConsumersSplitPartitionsAndTheSurvivorTakesOverWithoutRereadingCommitted() async throws {
        let topic = try await TestBroker.makeTopic("group-split")
        let group = uniqueName("group-split")
        let producer = try TestBroker.producer()
        let first = try GroupMember(group: group, topic: topic)
        let second = try GroupMember(group: group, topic: topic)
        let all = Set((0..<6).map { KafkaTopicPartition(topic: topic, partition: Int32($0)) })

        try await eventually("both members own a disjoint share of the 6 partitions") {
            let a = first.assigned.value
            let b = second.assigned.value
            return !a.isEmpty && !b.isEmpty && a.isDisjoint(with: b) && a.union(b) == all
        }
        expectAllDelivered(await producer.send(wave("before", count: 600, topic: topic)))
        try await eventually("600 messages committed by the two members") {
            first.received.value.count + second.received.value.count >= 600
        }
        #expect(!first.received.value.isEmpty && !second.received.value.isEmpty, "both members did work")

        try await second.stop()
        // Rebalances on a loaded 2-core machine can take several Tansu JoinGroup holds.
        try await eventually("the survivor owns all partitions", within: .seconds(90)) { first.assigned.value == all }
        let beforeMove = first.received.value.count
        expectAllDelivered(await producer.send(wave("after", count: 600, topic: topic)))
        try await eventually("the survivor read the second wave", within: .seconds(90)) {
            first.received.value.count - beforeMove >= 600
        }
        let afterMove = first.received.value.dropFirst(beforeMove).map { text($0.value) }
        #expect(afterMove.allSatisfy { $0.hasPrefix("after-") }, "committed messages were read again after the move")
        #expect(Set(afterMove).count == 600)
        #expect(
            first.commitFailures.value.isEmpty && second.commitFailures.value.isEmpty,
            "commit failures: \(first.commitFailures.value + second.commitFailures.value)"
        )
        try await first.stop()
    }

    @Test func restartedConsumerResumesFromTheCommittedOffset() async throws {
        let topic = try await TestBroker.makeTopic("resume", partitions: 1)
        let group = uniqueName("resume")
        let producer = try TestBroker.producer()
        expectAllDelivered(await producer.send((0..<100).map { KafkaOutgoingMessage(topic: topic, value: bytes("m\($0)")) }))
        let partition = KafkaTopicPartition(topic: topic, partition: 0)

        let firstRun = try KafkaConsumer(configuration: TestBroker.consumerConfiguration(group: group, topic: topic), logger: TestBroker.logger)
        let firstTask = Task { try await firstRun.run() }
        let read = await collect(from: firstRun, limit: .seconds(30)) { $0.count >= 40 }
        try #require(read.count >= 40)
        try await firstRun.commit([KafkaTopicPartitionOffset(partition, offset: 40)])
        #expect(try await firstRun.committedOffsets([partition])[partition] == 40)
        firstRun.triggerGracefulShutdown()
        try await firstTask.value

        let secondRun = try KafkaConsumer(configuration: TestBroker.consumerConfiguration(group: group, topic: topic), logger: TestBroker.logger)
        let secondTask = Task { try await secondRun.run() }
        let rest = await collect(from: secondRun, limit: .seconds(30)) { $0.count >= 60 }
        secondRun.triggerGracefulShutdown()
        try await secondTask.value
        #expect(rest.first?.offset == 40)
        #expect(rest.map(\.offset) == Array(40..<100))
    }

    @Test func seekingToStoredOffsetsOnAssignmentStartsThere() async throws {
        let topic = try await TestBroker.makeTopic("seek-on-assign", partitions: 2)
        let producer = try TestBroker.producer()
        var messages: [KafkaOutgoingMessage] = []
        for partition in Int32(0)..<2 {
            messages += (0..<100).map { KafkaOutgoingMessage(topic: topic, value: bytes("p\(partition)-\($0)"), partition: partition) }
        }
        expectAllDelivered(await producer.send(messages))
        // What the benefits service keeps in PostgreSQL: the next offset to process per partition.
        let stored: [Int32: Int64] = [0: 70, 1: 25]
        let member = try GroupMember(group: uniqueName("seek-on-assign"), topic: topic, waitsForEventHandling: true) {
            consumer,
            partitions in
            try await consumer.seek(partitions.map { KafkaTopicPartitionOffset($0, offset: stored[$0.partition]!) })
        }
        try await eventually("the rest after the stored offsets is read") { member.received.value.count >= 30 + 75 }
        try await Task.sleep(for: .milliseconds(300))
        let received = member.received.value
        for partition in Int32(0)..<2 {
            let offsets = received.filter { $0.partition == partition }.map(\.offset)
            #expect(offsets == Array(stored[partition]!..<100), "partition \(partition) started elsewhere")
        }
        try await member.stop()
    }

    @Test func revocationWaitsUntilTheCallerFinishedAndCommitted() async throws {
        let topic = try await TestBroker.makeTopic("revoke-flush", partitions: 1)
        let group = uniqueName("revoke-flush")
        let partition = KafkaTopicPartition(topic: topic, partition: 0)
        var configuration = TestBroker.consumerConfiguration(group: group, topic: topic)
        configuration.waitsForEventHandling = true
        let consumer = try KafkaConsumer(configuration: configuration, logger: TestBroker.logger)
        let run = Task { try await consumer.run() }
        let handledRevocation = Locked(false)
        let assigned = Locked(false)
        let events = Task {
            for await event in consumer.events {
                if case .assigned = event { assigned.withLock { $0 = true } }
                if case .revoked = event {
                    // Work finishing slowly: the partition must still be ours to commit.
                    try await Task.sleep(for: .milliseconds(500))
                    try await consumer.commit([KafkaTopicPartitionOffset(partition, offset: 7)])
                    handledRevocation.withLock { $0 = true }
                }
            }
        }
        try await eventually("assignment") { assigned.value }
        consumer.triggerGracefulShutdown()
        try await run.value
        #expect(handledRevocation.value, "run() returned before the revocation was handled")
        try await events.value

        let check = try KafkaConsumer(configuration: TestBroker.consumerConfiguration(group: group, topic: topic), logger: TestBroker.logger)
        #expect(try await check.committedOffsets([partition])[partition] == 7)
        check.triggerGracefulShutdown()
    }
}
