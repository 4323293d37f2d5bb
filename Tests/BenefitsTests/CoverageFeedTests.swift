import Foundation
import Kafka
import PostgresNIO
import RuleTables
import SampleCity
import TestSupport
import Testing

@testable import Benefits

/// The coverage change feed (docs/coverage-feed.md): the outbox written with the periods, the
/// relay publishing it, against the real broker and PostgreSQL.
@Suite("Coverage change feed")
struct CoverageFeedTests {
    /// One published change, as a downstream consumer reads it.
    struct Change: Equatable {
        var personId: String
        var revision: Int
        /// "person year startsOn endsOn startMonth basis", the form `ActualTables.periods` has.
        var periods: [String]
        var value: String
    }

    /// Runs the relay (as the service does; `replicas` of them side by side, each with its own
    /// producer, as replicas of the service would) until the outbox is empty, then stops them.
    static func relayUntilEmpty(_ client: PostgresClient, topic: String, replicas: Int = 1) async throws {
        let producers = try (0..<replicas).map { replica in
            try KafkaProducer(
                configuration: KafkaProducerConfiguration(bootstrapServers: PipelineHarness.bootstrapServers, clientID: "feed-tests-\(replica)"),
                logger: PipelineHarness.logger
            )
        }
        let relays = producers.map { producer in
            CoverageFeedRelay(
                settings: CoverageFeedSettings(topic: topic, batchSize: 64, pollInterval: .milliseconds(50)),
                client: client,
                producer: producer,
                retryCap: .seconds(1),
                logger: PipelineHarness.logger
            )
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for producer in producers { group.addTask { try await producer.run() } }
            for relay in relays { group.addTask { try await relay.run() } }
            try await eventually("the outbox was published", within: .seconds(60), polling: .stop) {
                try await TestDatabase.count("SELECT count(*) FROM coverage_outbox", on: client) == 0
            }
            group.cancelAll()
            try await group.waitForAll()
        }
    }

    /// Every change on `topic`, in the order of its partition (which is the order per person).
    static func read(topic: String, count: Int) async throws -> [Change] {
        let messages = try await DeadLetterReader.read(topic: topic, count: count, limit: .seconds(60))
        return try messages.map { message in
            let value = String(decoding: message.value, as: UTF8.self)
            let event = try #require(try JSONSerialization.jsonObject(with: Data(value.utf8)) as? [String: Any])
            let data = try #require(event["data"] as? [String: Any])
            let personId = try #require(data["personId"] as? String)
            let revision = try #require(data["revision"] as? Int)
            #expect(event["type"] as? String == "insurance.coverage.changed.v1")
            #expect(event["source"] as? String == "/insurance/benefits")
            #expect(event["subject"] as? String == personId)
            #expect(event["id"] as? String == "\(personId)/\(revision)")
            #expect(message.key.map { String(decoding: $0, as: UTF8.self) } == personId)
            let periods = try #require(data["periods"] as? [[String: Any]]).map { period in
                "\(personId) \(period["policyYear"] as? Int ?? -1) \(period["startsOn"] as? String ?? "?") "
                    + "\(period["endsOn"] as? String ?? "?") \(period["startMonth"] as? String ?? "?") \(period["basis"] as? String ?? "?")"
            }
            return Change(personId: personId, revision: revision, periods: periods, value: value)
        }
    }

    /// The highest revision per person, as a downstream cache keeps it; checks on the way that
    /// each person's revisions arrived in order, from 1, without a gap.
    static func latest(_ changes: [Change]) -> [String: Change] {
        var latest: [String: Change] = [:]
        for change in changes {
            let before = latest[change.personId]?.revision ?? 0
            #expect(change.revision == before + 1, "\(change.personId): revision \(change.revision) after \(before)")
            if change.revision > before { latest[change.personId] = change }
        }
        return latest
    }

    static func revisionsTotal(_ client: PostgresClient) async throws -> Int {
        try await TestDatabase.count("SELECT coalesce(sum(revision), 0)::int8 FROM coverage_revisions", on: client)
    }

    @Test(
        "the sample city in any order and with duplicates: the latest revision per person is coverage_periods; sending it all again publishes nothing"
    )
    func sampleCity() async throws {
        try await TestDatabase.withFresh { client, settings in
            let harness = try await PipelineHarness.make(settings: settings)
            let records = harness.records(PipelineTests.city(persons: 300, seed: 23))
            var generator = SplitMix64(seed: 23)
            let scrambled = (records + records.prefix(records.count / 3)).shuffled(using: &generator)
            let expected = ExpectedTables(records)
            let refusals = ExpectedTables(scrambled).refusals
            let group = uniqueName("g")
            try await harness.produce(scrambled)
            try await harness.withPipeline(group: group, client: client) { _ in
                try await eventually("the scrambled records stored", within: .seconds(90), polling: .stop) {
                    let tables = try await ActualTables.read(client)
                    return tables.events >= expected.events && tables.refusals >= refusals
                }
            }
            let feed = uniqueName("benefits-test-coverage")
            try await KafkaAdmin.ensureTopic(feed, partitions: 3, bootstrapServers: PipelineHarness.bootstrapServers, timeout: .seconds(10))
            // Two replicas' relays at once: each change is published once, in order per person.
            try await Self.relayUntilEmpty(client, topic: feed, replicas: 2)
            let published = try await Self.revisionsTotal(client)
            let changes = try await Self.read(topic: feed, count: published)
            #expect(changes.count == published, "every committed revision is published")
            let latest = Self.latest(changes)
            let tables = try await ActualTables.read(client)
            #expect(tables.periods == expected.periods)
            #expect(latest.values.flatMap(\.periods).sorted() == tables.periods, "the feed's latest revisions are the table")
            let covered = try await TestDatabase.count("SELECT count(DISTINCT person_id) FROM coverage_periods", on: client)
            #expect(latest.values.filter { !$0.periods.isEmpty }.count == covered)

            // Everything again, through the same group: stored already, so nothing changes.
            try await harness.produce(scrambled)
            try await harness.withPipeline(group: group, client: client) { _ in
                try await eventually("the records sent again read", within: .seconds(90), polling: .stop) {
                    try await ActualTables.read(client).refusals >= 2 * refusals
                }
            }
            #expect(try await Self.revisionsTotal(client) == published, "no revision for events sent again")
            #expect(try await TestDatabase.count("SELECT count(*) FROM coverage_outbox", on: client) == 0, "nothing queued to publish")
        }
    }

    @Test("every case of the coverage rule table, stored twice in scrambled order: the latest revision per person is coverage_periods")
    func ruleTable() async throws {
        try await TestDatabase.withFresh { client, _ in
            let feed = uniqueName("benefits-test-coverage")
            try await KafkaAdmin.ensureTopic(feed, partitions: 3, bootstrapServers: PipelineHarness.bootstrapServers, timeout: .seconds(10))
            var generator = SplitMix64(seed: 26)
            var payments: [String: String] = [:]
            for (index, rule) in CoverageTable.cases.enumerated() {
                // The table's event ids repeat from case to case (each case is its own world);
                // in one database they must not, or the second would be a changed copy.
                var jsons: [String] = []
                for event in rule.events {
                    var object = try #require(try JSONSerialization.jsonObject(with: Data(event.structuredJSON)) as? [String: Any])
                    object["id"] = "case-\(index)-\(event.id)"
                    // So are the builders' payment ids, which are longer than the contract allows
                    // (the rules never look at them): each gets a short one, the same in its reversal.
                    if var data = object["data"] as? [String: Any], let payment = data["paymentId"] as? String {
                        let short = payments[payment] ?? "pay-\(payments.count)"
                        payments[payment] = short
                        data["paymentId"] = short
                        object["data"] = data
                    }
                    jsons.append(String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
                }
                let scrambled = (jsons + jsons).shuffled(using: &generator)
                let refused = try await TestIngest.store(scrambled, into: client, policy: rule.policy, topic: "rule-\(index)")
                #expect(refused.isEmpty, "\(rule.name): \(refused.map(\.reason))")
            }
            try await Self.relayUntilEmpty(client, topic: feed)
            let published = try await Self.revisionsTotal(client)
            let latest = Self.latest(try await Self.read(topic: feed, count: published))
            let tables = try await ActualTables.read(client)
            #expect(latest.values.flatMap(\.periods).sorted() == tables.periods, "the feed's latest revisions are the table")
            let covered = CoverageTable.cases.filter { !$0.periods.isEmpty }.map(\.person)
            #expect(Set(latest.filter { !$0.value.periods.isEmpty }.keys) == Set(covered), "every case with periods is on the feed")
        }
    }

    /// A step of a person's story and the periods the feed must then say.
    struct Step: Sendable {
        var events: [String]
        /// personId → periods ("year startsOn basis") after the step; a person not listed must
        /// not get a new revision.
        var after: [String: [String]]
    }

    static let steps: [Step] = [
        Step(
            events: [
                TestEvents.payment(person: "FA", id: "fa-pay", policyYear: 2024, paidAt: "2024-09-10T09:00:00+08:00"),
                TestEvents.registration(person: "FB", id: "fb-reg", born: "2015-03-07", applied: "2024-09-02"),
                TestEvents.payment(person: "FB", id: "fb-pay", policyYear: 2024, paidAt: "2024-11-20T09:00:00+08:00"),
            ],
            after: ["FA": ["2024 2024-10-01 annual"], "FB": ["2024 2024-12-01 month_after_payment"]]
        ),
        Step(
            events: [
                TestEvents.envelope(
                    id: "fa-rev",
                    type: "insurance.contribution.reversed.v1",
                    person: "FA",
                    time: "2024-12-01T09:00:00+08:00",
                    data: #"{"paymentId":"T-fa-pay","personId":"FA","reversedAt":"2024-12-01T09:00:00+08:00","reason":"bank refund"}"#
                ),
                TestEvents.payment(person: "FB", id: "fb-pay-2025", policyYear: 2025, paidAt: "2025-09-10T09:00:00+08:00"),
                // A facility choice changes FB's bindings, not the periods: no revision for it.
                TestEvents.facility(person: "FB", id: "fb-fac", code: "C-1", boundOn: "2024-12-05"),
            ],
            after: ["FA": [], "FB": ["2024 2024-12-01 month_after_payment", "2025 2025-10-01 annual"]]
        ),
    ]

    @Test("a gained period, a lost payment and a second year: one revision each, with the whole list after; events again: none")
    func stepByStep() async throws {
        try await TestDatabase.withFresh { client, _ in
            let feed = uniqueName("benefits-test-coverage")
            try await KafkaAdmin.ensureTopic(feed, partitions: 3, bootstrapServers: PipelineHarness.bootstrapServers, timeout: .seconds(10))
            var revisions: [String: Int] = [:]
            var seen = 0
            for (index, step) in Self.steps.enumerated() {
                let refused = try await TestIngest.store(step.events, into: client, topic: "feed-step-\(index)")
                #expect(refused.isEmpty, "\(refused.map(\.reason))")
                try await Self.relayUntilEmpty(client, topic: feed)
                let changes = try await Self.read(topic: feed, count: seen + step.after.count)
                let new = Array(changes.dropFirst(seen))
                seen = changes.count
                #expect(Set(new.map(\.personId)) == Set(step.after.keys), "step \(index): revisions only for persons whose periods changed")
                for change in new {
                    revisions[change.personId, default: 0] += 1
                    #expect(change.revision == revisions[change.personId])
                    let periods = change.periods.map {
                        $0.split(separator: " ").enumerated().filter { [1, 2, 5].contains($0.offset) }.map { String($0.element) }.joined(
                            separator: " "
                        )
                    }
                    #expect(periods == step.after[change.personId], "step \(index), \(change.personId)")
                }
            }
            // Every step's events again (as another upstream copy would), and a recompute with
            // the policy in force: nothing changes, nothing is queued.
            _ = try await TestIngest.store(Self.steps.flatMap(\.events), into: client, topic: "feed-again")
            let recomputed = try await RecomputeRun(store: BenefitsStore(client: client), policy: .bundledDefaults).all()
            #expect(recomputed.persons == 2)
            #expect(try await TestDatabase.count("SELECT count(*) FROM coverage_outbox", on: client) == 0)
            #expect(try await Self.revisionsTotal(client) == seen)
        }
    }
}
