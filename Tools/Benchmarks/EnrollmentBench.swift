import ArgumentParser
import Enrollment
import Foundation
import Hummingbird
import HummingbirdTesting
import InsuranceDomain
import Kafka
import Logging
import Settings
import Synchronization

/// `insurance-bench enrollment`: accepted events per second through the HTTP intake
/// (single-event requests and batches), with p50/p99 request latency, against the raw
/// producer rate of the Kafka layer measured in the same run on the same broker.
struct EnrollmentBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrollment",
        abstract: "HTTP intake throughput and latency vs. the raw Kafka producer (loopback, local broker)."
    )

    @Option(help: "Single-event requests to send.")
    var requests = 40_000

    @Option(help: "Concurrent connections for single-event requests.")
    var connections = 64

    @Option(help: "Events per batch request.")
    var batchSize = 500

    @Option(help: "Batch requests to send.")
    var batches = 400

    @Option(help: "Concurrent connections for batch requests.")
    var batchConnections = 8

    @Option(help: "Messages for the raw producer measurement.")
    var rawMessages = 200_000

    @Option(help: "Rounds alternating raw producer and batch passes.")
    var rounds = 4

    @Option(help: "Kafka bootstrap servers (loopback only).")
    var bootstrapServers = ProcessInfo.processInfo.environment["KAFKA_BOOTSTRAP_SERVERS"] ?? StackDefaults.kafkaBootstrapServers

    @Option(help: "Topic for contribution events (default: KAFKA_TOPIC_CONTRIBUTIONS or the contract's).")
    var topic = ProcessInfo.processInfo.environment["KAFKA_TOPIC_CONTRIBUTIONS"] ?? "insurance.contributions.v1"

    func validate() throws {
        guard self.bootstrapServers.hasPrefix("127.0.0.1:") || self.bootstrapServers.hasPrefix("localhost:") else {
            throw ValidationError("--bootstrap-servers must be a loopback address: benchmarks send traffic only to 127.0.0.1")
        }
        guard self.requests > 0, self.batches > 0, self.batchSize > 0, self.connections > 0, self.batchConnections > 0 else {
            throw ValidationError("counts must be positive")
        }
    }

    func run() async throws {
        var logger = Logger(label: "enrollment-bench")
        logger.logLevel = .warning
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(
                bootstrapServers: self.bootstrapServers,
                clientID: "enrollment-bench",
                linger: .milliseconds(5)
            ),
            logger: logger
        )
        defer { producer.triggerGracefulShutdown() }
        let publisher = KafkaEventPublisher(producer: producer, messageTimeout: .seconds(30))
        guard await publisher.isReady() else {
            throw ValidationError("no Kafka broker answers at \(self.bootstrapServers); start the local stack (scripts/stack.sh up)")
        }
        let runID = UUID().uuidString.prefix(8)
        let topics = TopicNames(contributions: self.topic)

        // Raw producer: the same structured-mode payment events, straight through the Kafka layer.
        let rawEvents = (0..<self.rawMessages).map { index in
            OutgoingEvent(
                topic: self.topic,
                key: "B\(runID)-\(index % 10_000)",
                value: Array(Self.payment(run: runID, index: index).utf8),
                type: "insurance.contribution.paid.v1"
            )
        }
        let warmUp = try await Self.produceRaw(rawEvents[...], publisher: publisher)
        print(
            String(
                format: "raw producer warm-up (Kafka layer, acks=all): %d messages, %.0f msg/s",
                rawEvents.count,
                Double(rawEvents.count) / warmUp.inSeconds
            )
        )

        let api = EnrollmentAPI(
            publisher: publisher,
            credentials: CredentialStore([
                UpstreamCredential(name: "bench", tokenSHA256: CredentialStore.sha256("bench-token"), sourcePrefixes: ["*"])
            ]),
            policy: .bundledDefaults,
            topics: topics,
            limits: IntakeLimits(maxBatch: max(1000, self.batchSize)),
            logger: logger
        )
        // The run ends by cancelling the server, which it reports as errors: not news here.
        var serverLogger = logger
        serverLogger.logLevel = .critical
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: api.makeRouter(),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: "enrollment-bench"),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: serverLogger
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            var ports = portStream.makeAsyncIterator()
            guard let port = await ports.next(), port > 0 else { throw ValidationError("the HTTP server did not start") }

            // Bodies are built before the clock starts, as the raw producer's messages are.
            let singleBodies = (0..<self.requests).map { ByteBuffer(string: Self.payment(run: runID, index: $0)) }
            let single = try await Self.drive(
                port: port,
                connections: self.connections,
                bodies: singleBodies[...],
                contentType: "application/cloudevents+json",
                eventsPerRequest: 1
            )
            single.print(label: "single-event requests", connections: self.connections)

            // Raw and batch passes alternate, so that load from other processes on the
            // machine weighs on both sides of the ratio alike.
            let batchSize = self.batchSize
            let rounds = max(1, min(self.rounds, self.batches))
            let batchBodies = (0..<self.batches).map { request in
                let events = (0..<batchSize).map { Self.payment(run: runID, index: 1_000_000 + request * batchSize + $0) }
                return ByteBuffer(string: "[" + events.joined(separator: ",") + "]")
            }
            var rawElapsed = Duration.zero
            var rawCount = 0
            var batchRuns: [Figures] = []
            for round in 0..<rounds {
                let rawSlice = rawEvents[(round * rawEvents.count / rounds)..<((round + 1) * rawEvents.count / rounds)]
                rawElapsed += try await Self.produceRaw(rawSlice, publisher: publisher)
                rawCount += rawSlice.count
                let bodies = batchBodies[(round * batchBodies.count / rounds)..<((round + 1) * batchBodies.count / rounds)]
                batchRuns.append(
                    try await Self.drive(
                        port: port,
                        connections: self.batchConnections,
                        bodies: bodies,
                        contentType: "application/cloudevents-batch+json",
                        eventsPerRequest: batchSize
                    )
                )
            }
            let batched = Figures(
                requests: batchRuns.map(\.requests).reduce(0, +),
                events: batchRuns.map(\.events).reduce(0, +),
                elapsed: batchRuns.map(\.elapsed).reduce(.zero, +),
                latencies: batchRuns.flatMap(\.latencies).sorted()
            )
            let rawRate = Double(rawCount) / rawElapsed.inSeconds
            print(String(format: "raw producer, interleaved with the batches: %d messages, %.0f msg/s", rawCount, rawRate))
            batched.print(label: "batches of \(batchSize)", connections: self.batchConnections)

            print(String(format: "ratio batches / raw producer: %.2f (goal >= 0.50)", batched.eventsPerSecond / rawRate))
            print(String(format: "single requests: %.0f req/s (goal >= 10000)", single.requestsPerSecond))
            group.cancelAll()
        }
    }

    /// Publishes `events` in concurrent chunks of 10,000 and returns how long it took.
    static func produceRaw(_ events: ArraySlice<OutgoingEvent>, publisher: KafkaEventPublisher) async throws -> Duration {
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for chunk in stride(from: events.startIndex, to: events.endIndex, by: 10_000) {
                group.addTask { try await publisher.publish(Array(events[chunk..<min(chunk + 10_000, events.endIndex)])) }
            }
            try await group.waitForAll()
        }
        return ContinuousClock.now - start
    }

    /// A valid payment event; ids are unique per run and index.
    static func payment(run: Substring, index: Int) -> String {
        let person = "B\(run)-\(index % 10_000)"
        return
            #"{"specversion":"1.0","id":"bench-\#(run)-\#(index)","source":"/bench","type":"insurance.contribution.paid.v1","subject":"\#(person)","time":"2024-09-15T10:00:00+08:00","data":{"paymentId":"bench-\#(run)-\#(index)","personId":"\#(person)","policyYear":2024,"amountFen":43632,"dueFen":43632,"paidAt":"2024-09-15T10:00:00+08:00"}}"#
    }

    /// Sends every body as a POST over `connections` keep-alive connections; every answer must be 202.
    static func drive(
        port: Int,
        connections: Int,
        bodies: ArraySlice<ByteBuffer>,
        contentType: String,
        eventsPerRequest: Int
    ) async throws -> Figures {
        let tickets = Tickets()
        let headers: HTTPFields = [.authorization: "Bearer bench-token", .contentType: contentType]
        let start = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for _ in 0..<connections {
                group.addTask {
                    try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                        var latencies: [Duration] = []
                        while true {
                            let ticket = tickets.next()
                            if ticket >= bodies.count { break }
                            let sent = ContinuousClock.now
                            let response = try await client.post("/v1/events", headers: headers, body: bodies[bodies.startIndex + ticket])
                            latencies.append(ContinuousClock.now - sent)
                            guard response.status == .accepted else {
                                throw ValidationError(
                                    "request \(ticket) answered \(response.status): \(String(buffer: response.body ?? ByteBuffer()))"
                                )
                            }
                        }
                        return latencies
                    }
                }
            }
            var all: [Duration] = []
            for try await part in group { all += part }
            return all
        }
        let requests = bodies.count
        return Figures(requests: requests, events: requests * eventsPerRequest, elapsed: ContinuousClock.now - start, latencies: latencies.sorted())
    }
}
