import Kafka

/// Messages per second a consumer reads, in batches of up to 10,000, until `count`: measured
/// from its first message, so the group join is not counted. The consumer is run here and
/// shut down after.
enum ConsumeRate {
    /// `touchingBytes`: read every key and value length too, as the C loop it is compared with does.
    static func measure(_ consumer: KafkaConsumer, count: Int, name: String, touchingBytes: Bool = false) async throws -> Double {
        let service = Task { try await consumer.run() }
        var received = 0
        var bytes = 0
        var started: ContinuousClock.Instant?
        for await batch in consumer.batches(maxCount: 10_000, maxWait: .milliseconds(100)) {
            if started == nil { started = .now }
            received += batch.count
            if touchingBytes {
                for message in batch { bytes += message.value.count + (message.key?.count ?? 0) }
            }
            if received >= count { break }
        }
        let elapsed = ContinuousClock.now - (started ?? .now)
        consumer.triggerGracefulShutdown()
        try await service.value
        guard received >= count else { throw BenchError("\(name) read \(received) of \(count) (\(bytes) bytes)") }
        return Double(received) / elapsed.inSeconds
    }
}
