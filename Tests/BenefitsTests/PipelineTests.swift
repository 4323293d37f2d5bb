import Foundation
import InsuranceDomain
import Kafka
import PostgresNIO
import SampleCity
import TestSupport
import Testing

@testable import Benefits

/// The pipeline against the real broker and PostgreSQL: fresh topics, group and database per test.
@Suite("Ingestion pipeline")
struct PipelineTests {
    static func city(persons: Int, seed: UInt64) -> [SampleEvent] {
        Array(SampleCity(SampleCityOptions(persons: persons, seed: seed, faultyShare: 0.05, duplicateShare: 0.05)).events)
    }

    /// Waits until every record of `expected` is reflected in the tables.
    static func waitUntilStored(_ expected: ExpectedTables, client: PostgresClient) async throws {
        try await eventually("\(expected.events) events and \(expected.refusals) refusals stored", within: .seconds(90), polling: .stop) {
            let tables = try await ActualTables.read(client)
            return tables.events >= expected.events && tables.refusals >= expected.refusals
        }
    }

    /// The contract's tables hold exactly the domain's answer: every valid event once (also in
    /// the per-person counts), the refusals, the periods and facility choices.
    static func expectTables(_ tables: ActualTables, equal expected: ExpectedTables, refusals: Int) {
        #expect(tables.events == expected.events)
        #expect(tables.refusals == refusals)
        #expect(tables.personEventCount == expected.events, "no event counted twice")
        #expect(tables.periods == expected.periods)
        #expect(tables.facilities == expected.facilities)
    }

    @Test("events of every type through Kafka give the domain's answer in the contract's tables")
    func sampleCityThroughKafka() async throws {
        let sample = Self.city(persons: 400, seed: 11)
        let types = Set(sample.compactMap { try? JSONParser.parse(Array($0.json.utf8))["type"]?.stringValue })
        #expect(types.isSuperset(of: InsuranceEventType.allCases.map(\.rawValue)), "the sample covers every event type")
        try await TestDatabase.withFresh { client, settings in
            let harness = try await PipelineHarness.make(settings: settings)
            let records = harness.records(sample)
            let expected = ExpectedTables(records)
            #expect(expected.refusals > 0 && expected.periods.count > 100)
            try await harness.produce(records)
            try await harness.withPipeline(group: uniqueName("g"), client: client) { _ in
                try await Self.waitUntilStored(expected, client: client)
            }
            let tables = try await ActualTables.read(client)
            Self.expectTables(tables, equal: expected, refusals: expected.refusals)
            let offsets = try await BenefitsStore(client: client).offsets(group: harness.configuration(group: "x").groupID)
            #expect(offsets.isEmpty, "offsets are stored per group, not for other groups")
        }
    }

    @Test("duplicates and reordering change nothing")
    func duplicatesAndReordering() async throws {
        try await TestDatabase.withFresh { client, settings in
            let harness = try await PipelineHarness.make(settings: settings)
            let records = harness.records(Self.city(persons: 200, seed: 12))
            var generator = SplitMix64(seed: 99)
            let scrambled = (records + records.prefix(records.count / 2)).shuffled(using: &generator)
            let expected = ExpectedTables(records)
            try await harness.produce(scrambled)
            // Refusals are per Kafka record: each repeated broken record is refused again.
            let expectedRefusals = ExpectedTables(scrambled).refusals
            try await harness.withPipeline(group: uniqueName("g"), client: client) { _ in
                try await eventually("scrambled records stored", within: .seconds(90), polling: .stop) {
                    let tables = try await ActualTables.read(client)
                    return tables.events >= expected.events && tables.refusals >= expectedRefusals
                }
            }
            let tables = try await ActualTables.read(client)
            Self.expectTables(tables, equal: expected, refusals: expectedRefusals)
        }
    }

    @Test("a refused event lands in rejected_events and on the dead-letter topic; its neighbours are stored")
    func refusalAndDeadLetter() async throws {
        let person = uniqueName("P").replacingOccurrences(of: "P-", with: "P")
        let good1 = TestEvents.registration(person: person, id: "reg-1")
        let bad = TestEvents.payment(person: person, id: "pay-bad", amountFen: -5)
        let good2 = TestEvents.payment(person: person, id: "pay-1", amountFen: 43632)
        try await TestDatabase.withFresh { client, settings in
            let harness = try await PipelineHarness.make(settings: settings, partitions: 1)
            try await harness.produce([
                TestRecord(topic: harness.enrollments, key: person, json: good1),
                TestRecord(topic: harness.contributions, key: person, json: bad),
                TestRecord(topic: harness.contributions, key: person, json: good2),
            ])
            try await harness.withPipeline(group: uniqueName("g"), client: client) { _ in
                try await eventually("two events and one refusal stored", within: .seconds(60), polling: .stop) {
                    let tables = try await ActualTables.read(client)
                    return tables.events == 2 && tables.refusals == 1
                }
            }
            let rows = try await client.query(
                "SELECT event_id, type, reason, topic, kafka_offset FROM rejected_events",
                logger: TestDatabase.logger
            )
            for try await (eventId, type, reason, topic, offset) in rows.decode((String?, String?, String, String, Int64).self) {
                #expect(eventId == "pay-bad")
                #expect(type == "insurance.contribution.paid.v1")
                #expect(reason.contains("data.amountFen"), "reason names the field: \(reason)")
                #expect(topic == harness.contributions)
                #expect(offset == 0)
            }
            #expect(try await BenefitsStore(client: client).coverage(personId: person).count == 1)

            // The dead letter: key, value and the headers naming where it came from and why.
            var consumerConfiguration = KafkaConsumerConfiguration(
                groupID: uniqueName("dl"),
                topics: [harness.deadLetters],
                bootstrapServers: PipelineHarness.bootstrapServers,
                sessionTimeout: .milliseconds(6_000),
                fetchWaitMax: .milliseconds(20)
            )
            consumerConfiguration.autoOffsetReset = "earliest"
            let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: PipelineHarness.logger)
            let letter = try await withThrowingTaskGroup(of: KafkaConsumerMessage?.self) { group in
                group.addTask {
                    try await consumer.run()
                    return nil
                }
                group.addTask {
                    for await batch in consumer.batches(maxCount: 10, maxWait: .milliseconds(50)) {
                        if let first = batch.first { return first }
                    }
                    return nil
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(30))
                    return nil
                }
                let first = try await group.next() ?? nil
                consumer.triggerGracefulShutdown()
                group.cancelAll()
                return first
            }
            let message = try #require(letter, "a dead letter arrived within 30 s")
            #expect(message.key == Array(person.utf8))
            #expect(message.value == Array(bad.utf8))
            func header(_ name: String) -> String? {
                message.headers.first { $0.key == name }?.value.map { String(decoding: $0, as: UTF8.self) }
            }
            #expect(header("reason")?.contains("data.amountFen") == true)
            #expect(header("original-topic") == harness.contributions)
            #expect(header("original-partition") == "0")
            #expect(header("original-offset") == "0")
        }
    }

    @Test("a restart with the same group resumes without loss or duplicate effect")
    func restartResumes() async throws {
        let group = uniqueName("g")
        try await TestDatabase.withFresh { client, settings in
            let harness = try await PipelineHarness.make(settings: settings)
            let records = harness.records(Self.city(persons: 300, seed: 13))
            let half = records.count / 2
            try await harness.produce(Array(records[..<half]))
            let firstHalf = ExpectedTables(Array(records[..<half]))
            try await harness.withPipeline(group: group, client: client, batchMax: 50) { _ in
                try await Self.waitUntilStored(firstHalf, client: client)
            }
            try await harness.produce(Array(records[half...]))
            // The second pipeline stops mid-way (small batches), the third finishes.
            try await harness.withPipeline(group: group, client: client, batchMax: 20) { pipeline in
                try await eventually("some of the second half stored", within: .seconds(60), polling: .stop) {
                    pipeline.state.snapshot.batchesStored >= 2
                }
            }
            let expected = ExpectedTables(records)
            try await harness.withPipeline(group: group, client: client) { _ in
                try await Self.waitUntilStored(expected, client: client)
            }
            let tables = try await ActualTables.read(client)
            Self.expectTables(tables, equal: expected, refusals: expected.refusals)
        }
    }

    @Test("two replicas in one group give the same tables as one")
    func twoReplicas() async throws {
        let group = uniqueName("g")
        try await TestDatabase.withFresh { client, settings in
            let partitions = 4
            let harness = try await PipelineHarness.make(settings: settings, partitions: Int32(partitions))
            let records = harness.records(Self.city(persons: 400, seed: 14))
            let expected = ExpectedTables(records)
            try await harness.withPipeline(group: group, client: client, batchMax: 100) { first in
                try await harness.withPipeline(group: group, client: client, batchMax: 100) { second in
                    // Both members hold partitions before the records arrive, so both take part.
                    try await eventually("both replicas assigned partitions", within: .seconds(60), polling: .stop) {
                        let (one, two) = (first.state.snapshot.assignedPartitions, second.state.snapshot.assignedPartitions)
                        return one > 0 && two > 0 && one + two == harness.topics.count * partitions
                    }
                    try await harness.produce(records)
                    try await Self.waitUntilStored(expected, client: client)
                    // Counted after each batch's last transaction and Kafka commit: wait for them.
                    try await eventually("both replicas stored batches", within: .seconds(30), polling: .stop) {
                        first.state.snapshot.batchesStored > 0 && second.state.snapshot.batchesStored > 0
                    }
                }
            }
            let tables = try await ActualTables.read(client)
            Self.expectTables(tables, equal: expected, refusals: expected.refusals)
        }
    }
}
