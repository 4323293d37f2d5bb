import ArgumentParser
import Kafka
import Logging
import SampleCity

/// Putting the backlog and the latency run's probes on the benchmark topics.
extension BenefitsBench {
    static func produce(_ messages: [KafkaOutgoingMessage], configuration: KafkaProducerConfiguration, logger: Logger) async throws -> Double {
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await producer.run() }
            let clock = ContinuousClock()
            let elapsed = try await clock.measure {
                try await withThrowingTaskGroup(of: Void.self) { senders in
                    for start in stride(from: 0, to: messages.count, by: 10_000) {
                        let slice = Array(messages[start..<min(start + 10_000, messages.count)])
                        senders.addTask {
                            for result in await producer.send(slice) { _ = try result.get() }
                        }
                        if start / 10_000 >= 8 { try await senders.next() }
                    }
                    try await senders.waitForAll()
                }
            }
            producer.triggerGracefulShutdown()
            try await group.waitForAll()
            return elapsed.inSeconds
        }
    }

    static func paced(
        _ events: [SampleEvent],
        rate: Int,
        topic: (SampleEvent.Stream) -> String,
        probe: LatencyProbe,
        configuration: KafkaProducerConfiguration,
        logger: Logger
    ) async throws {
        var configuration = configuration
        configuration.linger = .milliseconds(0)
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        let messages = events.map {
            (id: Self.eventId($0.json), message: KafkaOutgoingMessage(topic: topic($0.stream), key: $0.key, value: Array($0.json.utf8)))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await producer.run() }
            try await withThrowingTaskGroup(of: Void.self) { senders in
                let tick = Duration.milliseconds(10)
                let perTick = max(1, rate / 100)
                let start = ContinuousClock.now
                for (index, chunkStart) in stride(from: 0, to: messages.count, by: perTick).enumerated() {
                    try await Task.sleep(until: start + tick * index, clock: .continuous)
                    let chunk = messages[chunkStart..<min(chunkStart + perTick, messages.count)]
                    let now = ContinuousClock.now
                    probe.published(chunk.map(\.id), at: now)
                    let toSend = chunk.map(\.message)
                    senders.addTask { _ = await producer.send(toSend) }
                }
                try await senders.waitForAll()
            }
            producer.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    }

    static func eventId(_ json: String) -> String {
        guard let range = json.range(of: #""id":""#) else { return "" }
        let rest = json[range.upperBound...]
        return String(rest.prefix { $0 != "\"" })
    }
}
