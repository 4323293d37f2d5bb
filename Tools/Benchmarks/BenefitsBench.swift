import ArgumentParser
import Benefits
import Foundation
import InsuranceDomain
import Kafka
import Logging
import NIOCore
import PostgresNIO
import SampleCity
import ServiceLifecycle
import Settings
import Synchronization

/// `insurance-bench benefits`: the benefits pipeline end to end (Kafka → validation → one
/// transaction per batch with coverage recomputation → PostgreSQL) over a backlog of generated
/// events, next to the same run's raw consume rate (Kafka layer alone) and raw COPY rate of the
/// same payloads; then publish → committed-coverage latency at a steady rate.
struct BenefitsBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benefits",
        abstract: "End-to-end events/s of the benefits pipeline vs raw consume and raw COPY; p50/p99 latency at a steady rate."
    )

    @Option(help: "Events in the backlog.") var events = 1_000_000
    @Option(help: "Records per database transaction.") var batch = 5_000
    @Option(help: "Parallel database transactions per batch (BENEFITS_DB_LANES).") var lanes = 2
    @Option(help: "How long a batch gathers records, ms (BENEFITS_BATCH_WAIT_MS).") var batchWaitMs = 20
    @Option(help: "Partitions of the benchmark topics.") var partitions: Int32 = 6
    @Option(help: "Steady rate of the latency run (events/s).") var rate = 1_000
    @Option(help: "Seconds of the latency run.") var latencySeconds = 10
    @Option(help: "Seconds to wait for the backlog before giving up.") var timeout = 900
    @Flag(help: "Wait for the WAL flush at each batch commit (the store's default before the pipeline turned it off).")
    var synchronousCommit = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let servers = environment["KAFKA_BOOTSTRAP_SERVERS"] ?? StackDefaults.kafkaBootstrapServers
        let settings = try DatabaseSettings.fromEnvironment(ServiceEnvironment(environment))
        var benchLogger = Logger(label: "benefits-bench")
        benchLogger.logLevel = .warning
        let logger = benchLogger
        let stamp = "\(UInt64(Date().timeIntervalSince1970))-\(UInt16.random(in: 0...UInt16.max))"

        // The backlog: whole persons of the sample city until N events.
        let city = SampleCity(SampleCityOptions(persons: Int.max / 2, seed: 7))
        var backlog: [SampleEvent] = []
        backlog.reserveCapacity(events + 16)
        var person = 0
        while backlog.count < events {
            backlog += city.events(ofPerson: person)
            person += 1
        }
        let total = backlog.count
        let bytes = backlog.reduce(0) { $0 + $1.json.utf8.count }
        print(
            "benefits bench: \(total) events of \(person) persons (avg \(bytes / total) B), batches of \(batch) in \(lanes) lanes, \(partitions) partitions"
        )
        print("  broker \(servers), PostgreSQL \(settings.host):\(settings.port), synchronous_commit \(synchronousCommit ? "on" : "off")")

        let topics = ["enrollments", "contributions", "bindings"].map { "bench-benefits-\($0)-\(stamp)" }
        let deadLetters = "bench-benefits-deadletter-\(stamp)"
        for topic in topics + [deadLetters] {
            try await KafkaAdmin.ensureTopic(topic, partitions: partitions, bootstrapServers: servers, logger: logger)
        }
        let topic: @Sendable (SampleEvent.Stream) -> String = { stream in
            switch stream {
            case .enrollments: return topics[0]
            case .contributions: return topics[1]
            case .bindings: return topics[2]
            }
        }
        let producerConfiguration = KafkaProducerConfiguration(bootstrapServers: servers, clientID: "benefits-bench")
        let produceSeconds = try await Self.produce(
            backlog.map { KafkaOutgoingMessage(topic: topic($0.stream), key: $0.key, value: Array($0.json.utf8)) },
            configuration: producerConfiguration,
            logger: logger
        )
        print(String(format: "  produced the backlog in %.1f s (%.0f msg/s)", produceSeconds, Double(total) / produceSeconds))

        let consumeRate = try await Self.rawConsume(
            servers: servers,
            topics: topics,
            group: "bench-raw-\(stamp)",
            count: total,
            batch: batch,
            logger: logger
        )
        print(String(format: "  raw consume (Kafka layer alone)  %9.0f events/s", consumeRate))
        let copyRate = try await BenchDatabase.withScratch(settings, prefix: "bench_benefits") { client in
            try await Self.rawCopy(backlog, client: client)
        }
        print(String(format: "  raw COPY of the payloads         %9.0f rows/s", copyRate))
        let floorRate = try await BenchDatabase.withScratch(settings, prefix: "bench_benefits") { client in
            try await Self.eventsTableCopy(backlog, client: client, logger: logger)
        }
        print(
            String(
                format: "  raw COPY into `events` itself    %9.0f rows/s  (its two indexes, no dedupe, nothing computed: the storage floor)",
                floorRate
            )
        )

        let group = "bench-pipeline-\(stamp)"
        let consumer = Self.consumerConfiguration(group: group, topics: topics, servers: servers, batch: batch)
        let configuration = BenefitsConfiguration(
            groupID: group,
            topics: topics,
            deadLetterTopic: deadLetters,
            batchMax: batch,
            batchWait: .milliseconds(batchWaitMs),
            databaseLanes: lanes,
            database: settings,
            consumer: consumer,
            producer: producerConfiguration,
            synchronousCommit: synchronousCommit
        )
        let probe = LatencyProbe()
        let timeout = self.timeout
        let latencySeconds = self.latencySeconds
        let rate = self.rate
        let (endToEnd, firstBatchToLast, cpu) = try await BenchDatabase.withScratch(settings, prefix: "bench_benefits") { client in
            let database = try await BenchDatabase.name(of: client)
            let statementsBefore = await StatementProfile.snapshot(server: settings, database: database)
            return try await IngestionPipeline.whileRunning(
                configuration: configuration,
                client: client,
                logger: logger,
                onCommitted: { events, _ in
                    probe.committed(events, at: .now)
                }
            ) { pipeline in
                let started = ContinuousClock.now
                let meter = CPUMeter()
                var firstBatch: ContinuousClock.Instant?
                while pipeline.state.snapshot.recordsProcessed < total {
                    if firstBatch == nil, pipeline.state.snapshot.batchesStored > 0 { firstBatch = .now }
                    guard ContinuousClock.now - started < .seconds(timeout) else {
                        throw ValidationError("backlog not stored within \(timeout) s: \(pipeline.state.snapshot)")
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
                let elapsed = ContinuousClock.now - started
                let cpu = meter.elapsed()
                let snapshot = pipeline.state.snapshot
                print(
                    "  stored \(snapshot.eventsStored) events, \(snapshot.refusalsStored) refusals, \(snapshot.duplicatesSkipped) duplicates skipped, in \(snapshot.batchesStored) batches"
                )
                let sinceFirst = ContinuousClock.now - (firstBatch ?? started)
                if let statementsBefore, let statementsAfter = await StatementProfile.snapshot(server: settings, database: database) {
                    StatementProfile.report(statementsAfter.since(statementsBefore), events: total)
                } else {
                    print("  PostgreSQL by step: no pg_stat_statements on this server (the local stack preloads it from its next start)")
                }

                // Steady load: fresh persons, `rate` events per second, latency to the committed batch.
                let steady = SampleCity(SampleCityOptions(persons: Int.max / 2, seed: 8, faultyShare: 0, duplicateShare: 0))
                var probes: [SampleEvent] = []
                var probePerson = 0
                while probes.count < rate * latencySeconds {
                    probes += steady.events(ofPerson: probePerson)
                    probePerson += 1
                }
                try await Self.paced(probes, rate: rate, topic: topic, probe: probe, configuration: producerConfiguration, logger: logger)
                let deadline = ContinuousClock.now + .seconds(10)
                while probe.isWaiting && ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
                return (Double(total) / elapsed.inSeconds, Double(total) / sinceFirst.inSeconds, cpu)
            }
        }
        print(
            String(
                format: "  end to end (pipeline)            %9.0f events/s  (%.0f events/s from the first stored batch, after the group join)",
                endToEnd,
                firstBatchToLast
            )
        )
        print(
            String(
                format:
                    "  ratios: end to end / raw consume %.3f, end to end / raw COPY %.3f, end to end / storage floor %.3f; goal >= 100000 events/s: %@",
                endToEnd / consumeRate,
                endToEnd / copyRate,
                endToEnd / floorRate,
                endToEnd >= 100_000 ? "met" : "not met"
            )
        )
        let perEvent = { (seconds: Double) in seconds / Double(total) * 1_000_000 }
        if let machine = cpu.machine {
            print(
                String(
                    format:
                        "  CPU per event: pipeline (this process) %.1f µs, rest of the machine (PostgreSQL, broker) %.1f µs; %.2f of %d cores busy",
                    perEvent(cpu.process),
                    perEvent(machine - cpu.process),
                    machine / (Double(total) / endToEnd),
                    ProcessInfo.processInfo.activeProcessorCount
                )
            )
        } else {
            print(String(format: "  CPU per event: pipeline (this process) %.1f µs", perEvent(cpu.process)))
        }
        let sorted = probe.latencies.sorted()
        if sorted.isEmpty {
            print("  latency: no probe committed")
        } else {
            func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))].inSeconds * 1000 }
            print(
                String(
                    format:
                        "  publish → coverage committed at %d events/s for %d s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d probes; goal p99 < 250 ms: %@)",
                    rate,
                    latencySeconds,
                    percentile(0.5),
                    percentile(0.99),
                    sorted.last!.inSeconds * 1000,
                    sorted.count,
                    percentile(0.99) < 250 ? "met" : "not met"
                )
            )
        }
    }
}
