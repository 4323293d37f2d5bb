import ArgumentParser
import Benefits
import Foundation
import HummingbirdTesting
import Kafka
import Logging
import PostgresNIO
import SampleCity
import Settings
import Synchronization

/// `insurance-bench ready-flood`: how much an anonymous `GET /ready` flood costs the ingestion.
///
/// One benefits-service process stores four backlogs of the sample city in turn: a warm-up
/// (not counted: the first batches pay for the group join and cold caches), quiet, under a
/// flood of `/ready` from `--clients` keep-alive clients, quiet again. The flood's rate is the
/// pass's storing rate over the mean of the two quiet ones (measured in one run, so the
/// machine's noise and the growing tables weigh on both sides).
struct ReadyFloodBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ready-flood",
        abstract: "Ingestion rate of the benefits service with and without a flood of GET /ready, as a ratio.",
        discussion: """
            Needs the local stack (KAFKA_BOOTSTRAP_SERVERS, PG_*) and benefits-service next to this executable \
            (or --bin-dir). Uses a scratch database and topics of its own; the database is dropped at the end.
            """
    )

    @Option(help: "Events per backlog (four backlogs: warm-up, quiet, flood, quiet).") var events = 100_000
    @Option(help: "Keep-alive clients polling /ready during the flood.") var clients = 64
    @Option(help: "Calls per second of all clients together (0: each client as fast as it is answered).") var rate = 640
    @Option(help: "Directory of benefits-service (default: next to this executable).") var binDir: String?

    func validate() throws {
        guard events > 0, clients > 0, rate >= 0 else { throw ValidationError("events and clients must be > 0, rate >= 0") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let servers = environment["KAFKA_BOOTSTRAP_SERVERS"] ?? StackDefaults.kafkaBootstrapServers
        let server = try DatabaseSettings.fromEnvironment()
        var logger = Logger(label: "ready-flood-bench")
        logger.logLevel = .warning
        let stamp = "\(UInt32(Date().timeIntervalSince1970) % 1_000_000)\(UInt16.random(in: 0...999))"
        let databaseName = "bench_flood_\(stamp)"
        let prefix = "bench-flood-\(stamp)"
        let topics = ["enrollments", "contributions", "bindings", "deadletter"].map { "\(prefix).\($0)" }
        for topic in topics { try await KafkaAdmin.ensureTopic(topic, partitions: 6, bootstrapServers: servers, logger: logger) }
        try await BenchDatabase.create(databaseName, on: server)
        let database = server.with(database: databaseName)
        let binaries = binDir ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path

        // Four backlogs of distinct persons of one city.
        let city = SampleCity(SampleCityOptions(persons: Int.max / 2, seed: 7))
        var backlogs: [[SampleEvent]] = []
        var person = 0
        for _ in 0..<4 {
            var backlog: [SampleEvent] = []
            while backlog.count < events {
                backlog += city.events(ofPerson: person)
                person += 1
            }
            backlogs.append(backlog)
        }
        print("ready-flood bench: 4 backlogs of about \(events) events, \(clients) clients at \(rate == 0 ? "full speed" : "\(rate) calls/s")")

        let port = Int.random(in: 40_000...49_999)
        let serviceEnvironment = BenchService.benefitsEnvironment(
            common: BenchService.commonEnvironment(servers: servers, topics: topics, from: environment),
            port: port,
            prefix: prefix,
            database: database
        )
        let service = try await BenchService.start(
            name: "benefits-service",
            executable: "\(binaries)/benefits-service",
            environment: serviceEnvironment,
            port: port,
            logPath: "/tmp/\(prefix).benefits.log"
        )
        do {
            try await BenchDatabase.withClient(database) { client in
                var published: [SampleEvent] = []
                var rates: [Double] = []
                var flood = FloodFigures()
                for (pass, backlog) in backlogs.enumerated() {
                    let before = try await BenchDatabase.counts(client)
                    published += backlog
                    let expected = PipelineBench.expectedRows(published)
                    let floodTask = pass == 2 ? Task { try await Self.flood(port: port, clients: clients, rate: rate) } : nil
                    try await PipelineBench.publish(backlog, topics: topics, servers: servers, logger: logger)
                    let storing = try await Self.storingRate(from: before, to: expected, client: client)
                    if let floodTask {
                        floodTask.cancel()
                        flood = try await floodTask.value
                    }
                    rates.append(storing)
                    print(String(format: "  pass %d (%@): %9.0f events/s", pass + 1, ["warm-up", "quiet", "flood", "quiet"][pass], storing))
                }
                let quiet = (rates[1] + rates[3]) / 2
                print(
                    String(
                        format: "  /ready during the flood: %d answered (%d × 200, %d × 503), %d failed; p50 %.1f ms, p99 %.1f ms",
                        flood.answered,
                        flood.ready,
                        flood.notReady,
                        flood.failed,
                        flood.percentile(0.5),
                        flood.percentile(0.99)
                    )
                )
                print(
                    String(
                        format: "  ratio: flood / quiet %.3f (goal >= 0.9: %@)",
                        rates[2] / quiet,
                        rates[2] / quiet >= 0.9 ? "met" : "not met"
                    )
                )
            }
        } catch {
            await service.stop()
            await BenchDatabase.drop(databaseName, on: server)
            throw error
        }
        await service.stop()
        await BenchDatabase.drop(databaseName, on: server)
    }

    /// Events stored or refused per second, from the first new row to the last expected one.
    static func storingRate(
        from before: (events: Int, rejected: Int),
        to expected: (valid: Int, broken: Int),
        client: PostgresClient
    ) async throws -> Double {
        let deadline = ContinuousClock.now + .seconds(600)
        var first: (at: ContinuousClock.Instant, rows: Int)?
        while ContinuousClock.now < deadline {
            let counts = try await BenchDatabase.counts(client)
            let rows = counts.events + counts.rejected
            if first == nil, rows > before.events + before.rejected { first = (.now, rows) }
            if counts.events >= expected.valid && counts.rejected >= expected.broken, let first {
                return Double(rows - first.rows) / (ContinuousClock.now - first.at).inSeconds
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchError("the backlog was not stored within 600 s")
    }

    struct FloodFigures: Sendable {
        var answered = 0
        var ready = 0
        var notReady = 0
        var failed = 0
        var latencies: [Duration] = []

        func percentile(_ p: Double) -> Double {
            CoverageLatencyProbe.percentile(p, of: latencies).inSeconds * 1000
        }

        mutating func add(_ other: FloodFigures) {
            answered += other.answered
            ready += other.ready
            notReady += other.notReady
            failed += other.failed
            latencies += other.latencies
        }
    }

    /// `clients` keep-alive connections calling `/ready` until cancelled, `rate` calls/s in all.
    static func flood(port: Int, clients: Int, rate: Int) async throws -> FloodFigures {
        let interval: Duration = rate == 0 ? .zero : .seconds(Double(clients) / Double(rate))
        return await withTaskGroup(of: FloodFigures.self, returning: FloodFigures.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    var figures = FloodFigures()
                    let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(10)))
                    client.connect()
                    var next = ContinuousClock.now
                    while !Task.isCancelled {
                        let started = ContinuousClock.now
                        do {
                            let status = try await client.get("/ready").status.code
                            figures.answered += 1
                            if status == 200 { figures.ready += 1 } else { figures.notReady += 1 }
                            figures.latencies.append(ContinuousClock.now - started)
                        } catch {
                            if Task.isCancelled { break }
                            figures.failed += 1
                        }
                        next += interval
                        if next > .now { try? await Task.sleep(until: next) }
                    }
                    try? await client.shutdown()
                    return figures
                }
            }
            var all = FloodFigures()
            for await figures in group { all.add(figures) }
            return all
        }
    }
}
