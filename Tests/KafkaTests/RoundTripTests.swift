import TestSupport
import Testing

@testable import Kafka

@Suite struct RoundTripTests {
    @Test func tenThousandKeyedMessagesArriveExactlyOnceInPerKeyOrder() async throws {
        let topic = try await TestBroker.makeTopic("roundtrip")
        let producer = try TestBroker.producer()
        let keys = 50
        let total = 10_000
        let messages = (0..<total).map { index in
            KafkaOutgoingMessage(
                topic: topic,
                key: bytes("key-\(index % keys)"),
                value: bytes("\(index % keys):\(index / keys)"),
                headers: [KafkaHeader(key: "sequence", value: "\(index)")]
            )
        }
        let results = await producer.send(messages)
        let failures = results.compactMap { result -> KafkaError? in
            if case .failure(let error) = result { return error }
            return nil
        }
        #expect(failures.isEmpty, "send failures: \(failures.prefix(3))")
        // Same key, same partition, increasing offsets: order is kept at the source.
        var partitionOfKey: [Int: Int32] = [:]
        for (index, result) in results.enumerated() {
            guard case .success(let report) = result else { continue }
            #expect(report.topic == topic)
            let key = index % keys
            #expect(partitionOfKey[key, default: report.partition] == report.partition)
            partitionOfKey[key] = report.partition
        }

        let consumer = try KafkaConsumer(
            configuration: TestBroker.consumerConfiguration(group: uniqueName("roundtrip"), topic: topic),
            logger: TestBroker.logger
        )
        let run = Task { try await consumer.run() }
        let received = await collect(from: consumer, limit: .seconds(60)) { $0.count >= total }
        // A little longer: anything more would be a duplicate.
        let extra = await collect(from: consumer, limit: .seconds(1)) { _ in false }
        consumer.triggerGracefulShutdown()
        try await run.value

        let all = received + extra
        #expect(all.count == total)
        var seen = Set<String>()
        var lastSequenceOfKey: [String: Int] = [:]
        for message in all {
            let value = text(message.value)
            #expect(seen.insert(value).inserted, "duplicate \(value)")
            let parts = value.split(separator: ":")
            let key = String(parts[0])
            let sequence = Int(parts[1])!
            #expect(text(message.key ?? []) == "key-\(key)")
            #expect(lastSequenceOfKey[key, default: -1] < sequence, "key \(key) out of order")
            lastSequenceOfKey[key] = sequence
            #expect(message.headers.first?.key == "sequence")
        }
        #expect(seen.count == total)
    }

    @Test func singleSendReturnsTheDeliveryReportAndHeadersSurvive() async throws {
        let topic = try await TestBroker.makeTopic("single", partitions: 1)
        let producer = try TestBroker.producer(linger: .milliseconds(0))
        let first = try await producer.send(
            KafkaOutgoingMessage(topic: topic, key: "k", value: bytes("one"), headers: [KafkaHeader(key: "h", value: nil)])
        )
        let second = try await producer.send(KafkaOutgoingMessage(topic: topic, key: "k", value: bytes("two")))
        #expect(first.topic == topic && first.partition == 0)
        #expect(second.offset == first.offset + 1)
        #expect(await producer.isBrokerReachable(timeout: .seconds(5)))
    }

    @Test func messagesSequenceYieldsOneByOneInPartitionOrderWithHeadersAndTimestamps() async throws {
        let topic = try await TestBroker.makeTopic("one-by-one", partitions: 1)
        let producer = try TestBroker.producer(linger: .milliseconds(0))
        expectAllDelivered(
            await producer.send(
                (0..<10).map {
                    KafkaOutgoingMessage(topic: topic, key: nil, value: bytes("v\($0)"), headers: [KafkaHeader(key: "n", value: "\($0)")])
                }
            )
        )
        let consumer = try KafkaConsumer(
            configuration: TestBroker.consumerConfiguration(group: uniqueName("one-by-one"), topic: topic),
            logger: TestBroker.logger
        )
        let run = Task { try await consumer.run() }
        let read = try await withDeadline(.seconds(30), "10 messages") {
            var read: [KafkaConsumerMessage] = []
            for await message in consumer.messages {
                read.append(message)
                if read.count == 10 { break }
            }
            return read
        }
        consumer.triggerGracefulShutdown()
        try await run.value
        #expect(read.map { text($0.value) } == (0..<10).map { "v\($0)" })
        #expect(read.map(\.offset) == Array(0..<10))
        #expect(read.allSatisfy { $0.key == nil && ($0.timestamp ?? 0) > 1_600_000_000_000 })
        #expect(read.map { $0.headers.first?.value.map(text) } == (0..<10).map { "\($0)" })
    }
}
