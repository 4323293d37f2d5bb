import Foundation
import TestSupport
import Testing

@testable import Kafka

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Pauses the whole broker process: serialized so these tests do not overlap each other.
@Suite(.serialized) struct BrokerFaultTests {
    /// SIGSTOPs the broker for `duration` while `during` runs, always SIGCONTs it.
    func withBrokerPaused<T: Sendable>(for duration: Duration, during: @escaping @Sendable () async -> T) async throws -> T {
        let text = try String(contentsOfFile: TestBroker.pidFile, encoding: .utf8)
        let pid = try #require(pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), "no PID in \(TestBroker.pidFile)")
        #expect(kill(pid, SIGSTOP) == 0, "cannot stop broker \(pid)")
        defer { kill(pid, SIGCONT) }
        // Also thaw from a Dispatch thread: if the cooperative pool is busy with
        // blocking work, Task.sleep may wake late and every test would wait on a
        // frozen broker.
        let milliseconds = Int(duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds)) { _ = kill(pid, SIGCONT) }
        let work = Task { await during() }
        try await Task.sleep(for: duration)
        kill(pid, SIGCONT)
        return await work.value
    }

    @Test func sendsDuringAPauseSucceedAfterItOrFailRetriablyAndNoneIsLost() async throws {
        let topic = try await TestBroker.makeTopic("pause")
        let producer = try TestBroker.producer(messageTimeout: .milliseconds(20_000))
        let consumer = try GroupMember(group: uniqueName("pause"), topic: topic)
        try await eventually("consumer assigned") { consumer.assigned.value.count == 6 }
        expectAllDelivered(await producer.send(wave("before", count: 200, topic: topic)))

        let results = try await withBrokerPaused(for: .seconds(5)) {
            // Awaited sends, single and batched, issued while the broker is frozen.
            async let single = (0..<20).map { KafkaOutgoingMessage(topic: topic, key: "s\($0)", value: bytes("single-\($0)")) }
            async let batch = producer.send(wave("paused", count: 300, topic: topic))
            var singles: [Result<KafkaDeliveryReport, KafkaError>] = []
            for message in await single {
                do throws(KafkaError) { singles.append(.success(try await producer.send(message))) } catch { singles.append(.failure(error)) }
            }
            return await batch + singles
        }
        let failures = results.compactMap { result -> KafkaError? in if case .failure(let error) = result { error } else { nil } }
        #expect(failures.allSatisfy { $0.isRetriable }, "non-retriable failures: \(failures.filter { !$0.isRetriable })")
        let delivered = results.count - failures.count
        expectAllDelivered(await producer.send(wave("after", count: 200, topic: topic)))

        // Everything acknowledged arrives: before + acknowledged during + after; the consumer continued.
        try await eventually("consumer read all acknowledged messages", within: .seconds(60)) {
            consumer.received.value.count >= 200 + delivered + 200
        }
        let values = Set(consumer.received.value.map { text($0.value) })
        #expect(values.filter { $0.hasPrefix("after-") }.count == 200)
        #expect(values.filter { $0.hasPrefix("before-") }.count == 200)
        try await consumer.stop()
    }

    @Test func shutdownWithTheBrokerFrozenFailsUnsentMessagesLoudlyWithinTheBound() async throws {
        let topic = try await TestBroker.makeTopic("shutdown-frozen")
        var configuration = KafkaProducerConfiguration(
            bootstrapServers: TestBroker.bootstrapServers,
            clientID: "kafka-tests",
            shutdownFlushTimeout: .seconds(1)
        )
        configuration.messageTimeout = .milliseconds(60_000)
        let producer = try KafkaProducer(configuration: configuration, logger: TestBroker.logger)
        _ = try await producer.send(KafkaOutgoingMessage(topic: topic, value: bytes("warm-up")))
        let run = Task { try await producer.run() }

        let (results, shutdownTook) = try await withBrokerPaused(for: .seconds(4)) {
            let sends = Task { await producer.send(wave("frozen", count: 50, topic: topic)) }
            // The broker is frozen, so nothing leaves the queue before the shutdown.
            try? await eventually("the messages are queued", within: .seconds(3)) { producer.queuedMessages >= 50 }
            let started = ContinuousClock.now
            producer.triggerGracefulShutdown()
            _ = try? await run.value
            return (await sends.value, ContinuousClock.now - started)
        }
        #expect(shutdownTook < .seconds(4), "shutdown exceeded its flush bound: \(shutdownTook)")
        let failures = results.compactMap { result -> KafkaError? in if case .failure(let error) = result { error } else { nil } }
        #expect(!failures.isEmpty, "the frozen broker cannot have acknowledged everything")
        #expect(failures.allSatisfy { $0.isRetriable })
        await #expect(throws: KafkaError.self) { _ = try await producer.send(KafkaOutgoingMessage(topic: topic, value: [])) }
    }
}
