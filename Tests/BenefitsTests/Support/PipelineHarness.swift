import Benefits
import Foundation
import InsuranceDomain
import Kafka
import Logging
import PostgresNIO
import SampleCity
import ServiceLifecycle
import TestSupport
import Testing

/// Fresh topics (the three event topics and a dead-letter topic) on the test broker, and
/// pipelines over them; every name is unique so tests run in parallel with anyone's.
struct PipelineHarness: Sendable {
    static let environment = ProcessInfo.processInfo.environment
    static var bootstrapServers: String { StackAddress().kafkaBootstrapServers }

    static let logger: Logger = {
        var logger = Logger(label: "benefits-pipeline-tests")
        logger.logLevel = .warning
        return logger
    }()

    let enrollments: String
    let contributions: String
    let bindings: String
    let deadLetters: String
    let settings: DatabaseSettings

    var topics: [String] { [enrollments, contributions, bindings] }

    /// Creates the topics; fails with a hint when no broker answers.
    static func make(settings: DatabaseSettings, partitions: Int32 = 3) async throws -> PipelineHarness {
        let names = ["enrollments", "contributions", "bindings", "deadletter"].map { uniqueName("benefits-test-\($0)") }
        for name in names {
            do {
                try await KafkaAdmin.ensureTopic(name, partitions: partitions, bootstrapServers: bootstrapServers, timeout: .seconds(10))
            } catch {
                Issue.record(
                    "no Kafka broker at \(bootstrapServers) (\(error)); start it: KAFKA_PORT=<port> scripts/stack.sh up and export KAFKA_BOOTSTRAP_SERVERS"
                )
                throw error
            }
        }
        return PipelineHarness(enrollments: names[0], contributions: names[1], bindings: names[2], deadLetters: names[3], settings: settings)
    }

    func configuration(group: String, batchMax: Int = 500) -> BenefitsConfiguration {
        var consumer = KafkaConsumerConfiguration(
            groupID: group,
            topics: topics,
            bootstrapServers: Self.bootstrapServers,
            clientID: "benefits-tests",
            sessionTimeout: .milliseconds(6_000),
            fetchWaitMax: .milliseconds(20)
        )
        consumer.rebalanceTimeout = .seconds(30)
        return BenefitsConfiguration(
            groupID: group,
            topics: topics,
            deadLetterTopic: deadLetters,
            batchMax: batchMax,
            batchWait: .milliseconds(50),
            retryCap: .seconds(1),
            database: settings,
            consumer: consumer,
            producer: KafkaProducerConfiguration(bootstrapServers: Self.bootstrapServers, clientID: "benefits-tests")
        )
    }

    func topic(for stream: SampleEvent.Stream) -> String {
        switch stream {
        case .enrollments: return enrollments
        case .contributions: return contributions
        case .bindings: return bindings
        }
    }

    /// The generated events as records of this harness's topics.
    func records(_ events: [SampleEvent]) -> [TestRecord] {
        events.map { TestRecord(topic: topic(for: $0.stream), key: $0.key, json: $0.json) }
    }

    /// Sends the records (keyed by person) and waits for every acknowledgement.
    func produce(_ events: [TestRecord]) async throws {
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: Self.bootstrapServers, clientID: "benefits-tests"),
            logger: Self.logger
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await producer.run() }
            let messages = events.map {
                KafkaOutgoingMessage(
                    topic: $0.topic,
                    key: $0.key,
                    value: Array($0.json.utf8),
                    headers: [KafkaHeader(key: "content-type", value: "application/cloudevents+json")]
                )
            }
            for result in await producer.send(messages) { _ = try result.get() }
            producer.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    }

    /// Runs a pipeline (consumer, producer, pipeline in a service group) on `client` while
    /// `body` runs, then shuts it down gracefully.
    func withPipeline<Result: Sendable>(
        group: String,
        client: PostgresClient,
        batchMax: Int = 500,
        adjust: (inout BenefitsConfiguration) -> Void = { _ in },
        _ body: @Sendable (IngestionPipeline) async throws -> Result
    ) async throws -> Result {
        var configuration = configuration(group: group, batchMax: batchMax)
        adjust(&configuration)
        return try await IngestionPipeline.whileRunning(
            configuration: configuration,
            client: client,
            logger: Self.logger,
            body
        )
    }
}

/// One Kafka record to send.
struct TestRecord: Sendable {
    var topic: String
    var key: String
    var json: String
}

/// What the contract's tables should hold for a set of Kafka records, from the domain alone.
struct ExpectedTables {
    /// Distinct valid events (source + id).
    var events = 0
    /// Records refused (each Kafka record once).
    var refusals = 0
    /// `person year startsOn endsOn month basis`, sorted.
    var periods: [String] = []
    /// Accepted facility choices (`person code boundOn`), sorted.
    var facilities: [String] = []

    init(_ records: [TestRecord], policy: PolicyBook = .bundledDefaults) {
        var valid: [EventIdentity: ValidatedEvent] = [:]
        for record in records {
            switch EventIntake.validate(json: Array(record.json.utf8), policy: policy) {
            case .success(let event) where record.key.isEmpty || record.key == event.personId: valid[event.identity] = event
            default: refusals += 1
            }
        }
        events = valid.count
        // Periods and facility choices are per person (the family-account limit has its own test).
        let byPerson = Dictionary(grouping: valid.values, by: \.personId)
        for (person, events) in byPerson {
            let coverage = CoverageEngine.evaluate(personId: person, events: events, policy: policy)
            periods += coverage.periods.map {
                "\(person) \($0.policyYear) \($0.startsOn) \($0.endsOn) \($0.startMonth) \($0.basis.rawValue)"
            }
            facilities += coverage.facilityDecisions.filter { $0.outcome == .accepted }.map {
                "\(person) \($0.binding.facilityCode) \($0.binding.boundOn)"
            }
        }
        periods.sort()
        facilities.sort()
    }
}

/// What the tables hold.
struct ActualTables: Equatable {
    var events = 0
    var refusals = 0
    var personEventCount = 0
    var periods: [String] = []
    var facilities: [String] = []

    static func read(_ client: PostgresClient) async throws -> ActualTables {
        var tables = ActualTables()
        tables.events = try await TestDatabase.count("SELECT count(*) FROM events", on: client)
        tables.refusals = try await TestDatabase.count("SELECT count(*) FROM rejected_events", on: client)
        tables.personEventCount = try await TestDatabase.count("SELECT coalesce(sum(event_count), 0)::int8 FROM persons", on: client)
        let periodRows = try await client.query(
            """
            SELECT person_id || ' ' || policy_year || ' ' || to_char(starts_on, 'YYYY-MM-DD') || ' '
                   || to_char(ends_on, 'YYYY-MM-DD') || ' ' || start_month || ' ' || basis FROM coverage_periods
            """,
            logger: TestDatabase.logger
        )
        for try await line in periodRows.decode(String.self) { tables.periods.append(line) }
        let facilityRows = try await client.query(
            """
            SELECT person_id || ' ' || facility_code || ' ' || to_char(bound_on, 'YYYY-MM-DD')
            FROM facility_bindings WHERE status = 'accepted'
            """,
            logger: TestDatabase.logger
        )
        for try await line in facilityRows.decode(String.self) { tables.facilities.append(line) }
        tables.periods.sort()
        tables.facilities.sort()
        return tables
    }
}
