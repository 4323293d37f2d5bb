import ArgumentParser
import Benefits
import Foundation
import HummingbirdTesting
import InsuranceDomain
import Kafka
import Logging
import NIOCore
import PostgresNIO
import SampleCity
import Settings

/// `insurance-bench pipeline`: the whole pipeline on a generated city, both services as
/// processes, each figure next to the same run's raw limits.
struct PipelineBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Run both services on a generated city: intake, end-to-end rate, latency, peak memory, with ratios to raw limits.",
        discussion: """
            Needs the local stack (KAFKA_BOOTSTRAP_SERVERS, PG_*) and the service binaries next to this executable. \
            Uses a scratch database and topics of its own, removed (database) at the end.
            """
    )

    @Option(help: "Persons of the city streamed end to end (about 3–4 events each).") var persons = 20_000
    @Option(help: "Persons of the second city posted through the enrollment service.") var intakePersons = 10_000
    @Option(help: "Events per HTTP batch.") var httpBatch = 500
    @Option(help: "HTTP requests in flight at once.") var httpConcurrency = 4
    @Option(help: "Persons published for the latency figure.") var latencySamples = 200
    @Option(help: "Persons published per second for the latency figure (a steady, modest rate).") var latencyRate = 20
    @Option(help: "Directory of benefits-service and enrollment-service (default: next to this executable).") var binDir: String?

    func validate() throws {
        guard persons > 0, intakePersons > 0, httpBatch > 0, httpConcurrency > 0, latencySamples > 0, latencyRate > 0 else {
            throw ValidationError("persons, intake-persons, http-batch, http-concurrency, latency-samples and latency-rate must be > 0")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let servers = environment["KAFKA_BOOTSTRAP_SERVERS"] ?? StackDefaults.kafkaBootstrapServers
        let server = try DatabaseSettings.fromEnvironment()
        var logger = Logger(label: "pipeline-bench")
        logger.logLevel = .warning
        let stamp = "\(UInt32(Date().timeIntervalSince1970) % 1_000_000)\(UInt16.random(in: 0...999))"
        let databaseName = "bench_pipeline_\(stamp)"
        let prefix = "bench-pipe-\(stamp)"
        let topics = ["enrollments", "contributions", "bindings", "deadletter", "raw"].map { "\(prefix).\($0)" }
        for topic in topics { try await KafkaAdmin.ensureTopic(topic, partitions: 6, bootstrapServers: servers, logger: logger) }
        try await BenchDatabase.create(databaseName, on: server)
        let database = server.with(database: databaseName)
        let binaries = binDir ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path

        // The city and what the tables must hold for it.
        let city = Array(SampleCity(SampleCityOptions(persons: persons, seed: 2024)).events)
        let (validCount, brokenCount) = Self.expectedRows(city)
        print(
            "pipeline bench: \(city.count) events (\(validCount) distinct valid, \(brokenCount) broken), broker \(servers), PostgreSQL \(server.host):\(server.port)"
        )

        // Raw limits, same run, same events.
        let lines = city.map { Array($0.json.utf8) }
        let keys = city.map { $0.key.isEmpty ? "none" : $0.key }
        let produceRate = try await RawLimits.produceRate(lines, keys: keys, topic: "\(prefix).raw", servers: servers, logger: logger)
        let consumeRate = try await RawLimits.consumeRate(
            count: lines.count,
            topic: "\(prefix).raw",
            group: "\(prefix).raw",
            servers: servers,
            logger: logger
        )
        let copyRate = try await BenchDatabase.withClient(database) { try await RawLimits.copyRate(city.map(\.json), keys: keys, client: $0) }

        var started: [BenchService] = []
        do {
            let benefitsPort = Int.random(in: 40_000...49_999)
            let enrollmentPort = benefitsPort + 1
            let common = BenchService.commonEnvironment(servers: servers, topics: topics, from: environment)
            let benefitsEnvironment = BenchService.benefitsEnvironment(common: common, port: benefitsPort, prefix: prefix, database: database)
            var enrollmentEnvironment = common
            enrollmentEnvironment.merge(["ENROLLMENT_HOST": "127.0.0.1", "ENROLLMENT_PORT": String(enrollmentPort)]) { _, new in new }
            let benefits = try await BenchService.start(
                name: "benefits-service",
                executable: "\(binaries)/benefits-service",
                environment: benefitsEnvironment,
                port: benefitsPort,
                logPath: "/tmp/\(prefix).benefits.log"
            )
            started.append(benefits)
            let enrollment = try await BenchService.start(
                name: "enrollment-service",
                executable: "\(binaries)/enrollment-service",
                environment: enrollmentEnvironment,
                port: enrollmentPort,
                logPath: "/tmp/\(prefix).enrollment.log"
            )
            started.append(enrollment)

            try await BenchDatabase.withClient(database) { client in
                // End to end: the whole city straight on Kafka, until every event is stored or refused.
                let e2eStart = ContinuousClock.now
                try await Self.publish(city, topics: topics, servers: servers, logger: logger)
                let publishSeconds = (ContinuousClock.now - e2eStart).inSeconds
                try await Self.waitForRows(events: validCount, rejected: brokenCount, client: client, timeout: .seconds(600))
                let e2eSeconds = (ContinuousClock.now - e2eStart).inSeconds
                let e2eRate = Double(city.count) / e2eSeconds

                // Intake: a second city's valid events through HTTP batches.
                let intake = SampleCity(SampleCityOptions(persons: intakePersons, seed: 2025)).events.filter { !$0.isFaulty }
                let intakeRate = try await Self.post(intake, port: enrollmentPort, batch: httpBatch, concurrency: httpConcurrency)
                let (intakeValid, _) = Self.expectedRows(intake)
                try await Self.waitForRows(events: validCount + intakeValid, rejected: brokenCount, client: client, timeout: .seconds(600))

                // Latency at a steady, modest rate: fresh persons whose events give coverage.
                let (samples, lost) = try await Self.latency(
                    count: latencySamples,
                    rate: latencyRate,
                    topics: topics,
                    servers: servers,
                    client: client,
                    logger: logger
                )

                let p50 = CoverageLatencyProbe.percentile(0.50, of: samples)
                let p99 = CoverageLatencyProbe.percentile(0.99, of: samples)
                func rate(_ value: Double) -> String { String(format: "%10.0f", value) }
                print("")
                print("what                                        figure      raw limit (same run)            ratio")
                print(
                    "enrollment intake, HTTP batches of \(httpBatch)".padding(toLength: 40, withPad: " ", startingAt: 0)
                        + "\(rate(intakeRate)) ev/s  producer \(rate(produceRate)) msg/s  " + String(format: "%6.3f", intakeRate / produceRate)
                )
                print(
                    "end to end, published → all stored".padding(toLength: 40, withPad: " ", startingAt: 0)
                        + "\(rate(e2eRate)) ev/s  consume  \(rate(consumeRate)) msg/s  " + String(format: "%6.3f", e2eRate / consumeRate)
                )
                print(
                    "".padding(toLength: 40, withPad: " ", startingAt: 0)
                        + "                 COPY     \(rate(copyRate)) rows/s " + String(format: "%6.3f", e2eRate / copyRate)
                )
                print(String(format: "  (publishing the %d events took %.2f s; all stored after %.2f s)", city.count, publishSeconds, e2eSeconds))
                print(
                    String(
                        format:
                            "latency publish → coverage visible        p50 %.0f ms, p99 %.0f ms over %d persons at %d/s (fetch.wait.max.ms 50; %d never seen)",
                        p50.inSeconds * 1000,
                        p99.inSeconds * 1000,
                        samples.count,
                        latencyRate,
                        lost
                    )
                )
                for service in [benefits, enrollment] {
                    print(
                        "peak memory (VmHWM) \(service.name)".padding(toLength: 40, withPad: " ", startingAt: 0)
                            + String(format: "%10.1f MiB", service.peakMemoryMiB ?? .nan)
                    )
                }
            }
        } catch {
            for service in started { await service.stop() }
            await BenchDatabase.drop(databaseName, on: server)
            throw error
        }
        for service in started { await service.stop() }
        await BenchDatabase.drop(databaseName, on: server)
    }

    /// Distinct valid identities (rows of `events`) and refused lines (rows of `rejected_events`).
    static func expectedRows(_ events: [SampleEvent]) -> (valid: Int, broken: Int) {
        var identities = Set<EventIdentity>()
        var broken = 0
        for event in events {
            switch EventIntake.validate(json: Array(event.json.utf8), policy: .bundledDefaults) {
            case .success(let valid): identities.insert(valid.identity)
            case .failure: broken += 1
            }
        }
        return (identities.count, broken)
    }

    static func topic(of stream: SampleEvent.Stream, _ topics: [String]) -> String {
        switch stream {
        case .enrollments: topics[0]
        case .contributions: topics[1]
        case .bindings: topics[2]
        }
    }

    static func publish(_ events: [SampleEvent], topics: [String], servers: String, logger: Logger) async throws {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: servers), logger: logger)
        let service = Task { try await producer.run() }
        let messages = events.map {
            KafkaOutgoingMessage(topic: topic(of: $0.stream, topics), key: $0.key.isEmpty ? nil : Array($0.key.utf8), value: Array($0.json.utf8))
        }
        let failures = await withTaskGroup(of: Int.self) { group in
            for start in stride(from: 0, to: messages.count, by: 10_000) {
                let chunk = Array(messages[start..<min(start + 10_000, messages.count)])
                group.addTask { await producer.send(chunk).count { if case .failure = $0 { true } else { false } } }
            }
            return await group.reduce(0, +)
        }
        producer.triggerGracefulShutdown()
        try await service.value
        guard failures == 0 else { throw BenchError("\(failures) sends to the pipeline failed") }
    }

    static func waitForRows(events: Int, rejected: Int, client: PostgresClient, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = (events: 0, rejected: 0)
        while ContinuousClock.now < deadline {
            if let counts = try? await BenchDatabase.counts(client) {
                last = counts
                if counts.events >= events && counts.rejected >= rejected { return }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError("the pipeline stored \(last.events) of \(events) events and \(last.rejected) of \(rejected) refusals within \(timeout)")
    }
}
