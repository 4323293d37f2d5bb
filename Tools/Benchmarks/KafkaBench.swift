import ArgumentParser
import ChildProcess
import Foundation
import InsuranceDomain
import Kafka
import Logging
import Settings

/// `insurance-bench kafka`: produce and consume rates of our Kafka layer next to the same run's
/// rates of a plain C loop over librdkafka (`rdkafka-c-bench`), as ratios.
struct KafkaBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Produce/consume rates of the Swift Kafka layer against a plain C librdkafka loop."
    )

    @Option(help: "Messages per run.") var messages = 300_000
    @Option(help: "Value size in bytes.") var size = 200
    @Option(help: "Partitions of the benchmark topics.") var partitions: Int32 = 6
    @Option(help: "Messages per awaited send call.") var sendBatch = 10_000
    @Option(help: "Send calls in flight at once.") var concurrency = 8
    @Option(help: "Broker (default: KAFKA_BOOTSTRAP_SERVERS or the local stack's).") var bootstrap: String?
    @Option(help: "Path of rdkafka-c-bench (default: next to this executable).") var cBench: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let servers = bootstrap ?? environment["KAFKA_BOOTSTRAP_SERVERS"] ?? StackDefaults.kafkaBootstrapServers
        var logger = Logger(label: "kafka-bench")
        logger.logLevel = .warning
        let stamp = UInt64(Date().timeIntervalSince1970)
        let cTopic = "bench-c-\(stamp)"
        let swiftTopic = "bench-swift-\(stamp)"
        for topic in [cTopic, swiftTopic] {
            try await KafkaAdmin.ensureTopic(topic, partitions: partitions, bootstrapServers: servers, logger: logger)
        }
        let cPath =
            cBench
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("rdkafka-c-bench").path
        print("librdkafka \(Librdkafka.version), broker \(servers), \(messages) messages of \(size) B, \(partitions) partitions")

        let cProduce = try await runC(cPath, ["produce", servers, cTopic, String(messages), String(size)])
        let swiftProduce = try await produceSwift(servers: servers, topic: swiftTopic, logger: logger)
        let cConsume = try await runC(cPath, ["consume", servers, cTopic, String(messages), "bench-c-\(stamp)"])
        let swiftConsume = try await consumeSwift(servers: servers, topic: swiftTopic, group: "bench-swift-\(stamp)", logger: logger)

        func row(_ name: String, _ c: Double, _ swift: Double) -> String {
            name.padding(toLength: 9, withPad: " ", startingAt: 0)
                + String(format: "%14.0f %14.0f %9.2f", c, swift, swift / c)
        }
        print("what         C msg/s    Swift msg/s   Swift/C")
        print(row("produce", cProduce, swiftProduce))
        print(row("consume", cConsume, swiftConsume))
        print("goal: Swift/C >= 0.80 (produce: idempotent, acks=all, awaited delivery reports; consume: group, copied into Swift values)")
    }

    /// Runs the C baseline and reads its `rate=` figure.
    private func runC(_ path: String, _ arguments: [String]) async throws -> Double {
        let outcome = try await ChildProcess.run(path, arguments, output: .standardOutputPassingErrorsThrough, timeout: .seconds(900))
        let output = outcome.output
        guard outcome.status == 0,
            let field = output.split(separator: " ").first(where: { $0.hasPrefix("rate=") }),
            let rate = Double(field.dropFirst(5))
        else { throw ValidationError("rdkafka-c-bench \(arguments[0]) failed: \(output)") }
        return rate
    }

    private func produceSwift(servers: String, topic: String, logger: Logger) async throws -> Double {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: servers), logger: logger)
        let service = Task { try await producer.run() }
        let value = [UInt8](repeating: UInt8(ascii: "x"), count: size)
        let total = messages
        let chunk = sendBatch
        let started = ContinuousClock.now
        let failures = await withTaskGroup(of: Int.self) { group in
            var next = 0
            var failures = 0
            func addChunk() {
                let range = next..<min(total, next + chunk)
                next = range.upperBound
                group.addTask {
                    let batch = range.map { KafkaOutgoingMessage(topic: topic, key: Array("key-\($0 % 1000)".utf8), value: value) }
                    return await producer.send(batch).reduce(0) { count, result in
                        if case .failure = result { count + 1 } else { count }
                    }
                }
            }
            for _ in 0..<concurrency where next < total { addChunk() }
            for await failed in group {
                failures += failed
                if next < total { addChunk() }
            }
            return failures
        }
        let elapsed = ContinuousClock.now - started
        producer.triggerGracefulShutdown()
        try await service.value
        guard failures == 0 else { throw ValidationError("\(failures) Swift sends failed") }
        return Double(total) / elapsed.inSeconds
    }

    private func consumeSwift(servers: String, topic: String, group: String, logger: Logger) async throws -> Double {
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(groupID: group, topics: [topic], bootstrapServers: servers),
            logger: logger
        )
        return try await ConsumeRate.measure(consumer, count: messages, name: "Swift consumer", touchingBytes: true)
    }
}
