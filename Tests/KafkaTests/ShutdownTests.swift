import TestSupport
import Testing

@testable import Kafka

@Suite struct ShutdownTests {
    @Test func gracefulShutdownFlushesMessagesInFlight() async throws {
        let topic = try await TestBroker.makeTopic("shutdown-flush")
        // A long linger keeps the messages in librdkafka's queue when shutdown starts.
        let producer = try TestBroker.producer(linger: .milliseconds(1_000))
        let run = Task { try await producer.run() }
        let sendsReturned = Locked(false)
        let sends = Task {
            defer { sendsReturned.withLock { $0 = true } }
            return await producer.send(wave("inflight", count: 1_000, topic: topic))
        }
        // Shut down once the messages are in librdkafka's queue (a sleep raced a slow start of
        // the sending task); if they were delivered first, the shutdown has nothing to flush.
        try await eventually("the messages are queued") { producer.queuedMessages >= 1_000 || sendsReturned.withLock { $0 } }
        producer.triggerGracefulShutdown()
        try await run.value
        let results = await sends.value
        expectAllDelivered(results)

        let consumer = try KafkaConsumer(
            configuration: TestBroker.consumerConfiguration(group: uniqueName("shutdown-flush"), topic: topic),
            logger: TestBroker.logger
        )
        let consumerRun = Task { try await consumer.run() }
        let received = await collect(from: consumer, limit: .seconds(30)) { $0.count >= 1_000 }
        #expect(Set(received.map { text($0.value) }).count == 1_000)
        consumer.triggerGracefulShutdown()
        try await consumerRun.value
    }

    @Test func consumerRunReturnsOnlyAfterShutdownWasAskedAndLeavesTheGroupAtOnce() async throws {
        let topic = try await TestBroker.makeTopic("leave", partitions: 2)
        let group = uniqueName("leave")
        // A long session timeout separates "left the group" from "timed out of it"
        // by far more than a loaded machine's scheduling noise.
        let session = 30_000
        let first = try GroupMember(group: group, topic: topic, sessionTimeout: .milliseconds(session))
        try await eventually("first owns both partitions") { first.assigned.value.count == 2 }
        let returned = Locked(false)
        let runTask = Task {
            try await first.consumer.run()
            returned.withLock { $0 = true }
        }
        try await Task.sleep(for: .seconds(1))
        #expect(!returned.value, "run() returned before shutdown was asked for")
        let second = try GroupMember(group: group, topic: topic, sessionTimeout: .milliseconds(session))
        try await eventually("rebalance split the partitions", within: .seconds(60)) { second.assigned.value.count == 1 }

        let started = ContinuousClock.now
        try await first.stop()
        _ = try await runTask.value
        // Closing does not wait out the session timeout.
        #expect(ContinuousClock.now - started < .seconds(10))
        // LeaveGroup: without it the first member would be expired only after the
        // whole session timeout, and Tansu then holds the rejoin for about half of
        // it again (ENVIRONMENT.md), so a takeover sooner than 1.5 × the session
        // timeout proves the member left. Two cooperative rounds take up to ~1×.
        try await eventually("second took over", within: .seconds(90)) { second.assigned.value.count == 2 }
        #expect(ContinuousClock.now - started < .milliseconds(session * 3 / 2 - 3_000))
        try await second.stop()
    }
}
