import ChildProcess
import Foundation
import Kafka
import Logging
import SampleCity
import Synchronization
import TestSupport
import Testing

extension SystemSuites {
    /// Issue 23: the coverage change feed survives the benefits service being killed between
    /// the commit of a change and its publication, and while it publishes.
    @Suite("System: coverage change feed", .serialized, .timeLimit(.minutes(5)))
    struct CoverageFeedSystemTests {
        @Test("killed between commit and publish, and again while publishing: every revision published, none twice with other content")
        func killedBetweenCommitAndPublish() async throws {
            try await Pipeline.with("feed") { pipeline in
                let city = SampleCity(SampleCityOptions(persons: 2_500, seed: 7_023))
                let events = Array(city.events)
                let expected = ExpectedOutcome(lines: events.map(\.json))

                // 1. Changes committed, none published: the relay is off on this replica.
                let quiet = try await pipeline.startBenefits(adding: ["COVERAGE_FEED_ENABLED": "false", "COVERAGE_FEED_STUCK_MS": "1500"])
                let feed = try EventFeed(bootstrapServers: pipeline.stack.bootstrapServers, topics: pipeline.topics)
                try await feed.publish(events)
                await feed.close()
                let differences = try await pipeline.waitForTables(toEqual: expected, timeout: .seconds(120))
                #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))\n\(pipeline.logs)")
                let queued = try await Self.count("SELECT count(*) FROM coverage_outbox", pipeline)
                let revisions = try await Self.count("SELECT coalesce(sum(revision), 0)::int8 FROM coverage_revisions", pipeline)
                #expect(queued > 0 && queued == revisions, "every committed change is queued: \(queued) of \(revisions)")
                #expect(
                    try await Self.read(pipeline.topics.coverage, atLeast: 1, within: .seconds(2), from: pipeline.stack).isEmpty,
                    "nothing published yet"
                )
                // Nobody publishes: /ready says so, naming the feed, and the gauges show the queue.
                try await eventually("/ready names the stuck feed", within: .seconds(20), polling: .throwing(SystemTestError.init)) {
                    let ready = try await HTTPCall.get(port: pipeline.benefitsPort, "/ready")
                    return ready.status == 503 && ready.body.contains("\"feed\"") && ready.body.contains("COVERAGE_FEED_STUCK_MS")
                }
                let stuck = try await ServiceMetrics.read(port: pipeline.benefitsPort)
                #expect((stuck.sum("benefits_coverage_feed_outbox_rows") ?? 0) >= Double(queued), "\(stuck.text.prefix(200))")
                #expect((stuck.sum("benefits_coverage_feed_oldest_unpublished_seconds") ?? 0) > 0)
                await quiet.kill()

                // 2. Killed while it publishes: one change per round, so that the publication
                // takes seconds and the kill, as soon as the first round committed, lands in the
                // middle of it (now and then between a round's acknowledgement and its commit).
                let relaying = try await pipeline.startBenefits(adding: ["COVERAGE_FEED_BATCH": "1"])
                try await eventually("the relay began", within: .seconds(60), polling: .throwing(every: .milliseconds(5), SystemTestError.init)) {
                    try await Self.count("SELECT count(*) FROM coverage_outbox", pipeline) < queued
                }
                await relaying.kill()
                let leftAfterKill = try await Self.count("SELECT count(*) FROM coverage_outbox", pipeline)
                #expect(leftAfterKill > 0, "the kill was meant to land while changes were still queued")

                // 3. Restarted: the rest is published.
                try await pipeline.startBenefits()
                try await eventually("the outbox emptied", within: .seconds(60), polling: .throwing(SystemTestError.init)) {
                    try await Self.count("SELECT count(*) FROM coverage_outbox", pipeline) == 0
                }
                let drained = try await ServiceMetrics.read(port: pipeline.benefitsPort)
                #expect((drained.sum("benefits_coverage_feed_published_total") ?? 0) > 0)
                try await eventually("/ready ready again with the queue empty", within: .seconds(10), polling: .throwing(SystemTestError.init)) {
                    try await HTTPCall.get(port: pipeline.benefitsPort, "/ready").status == 200
                }
                let messages = try await Self.read(pipeline.topics.coverage, atLeast: revisions, within: .seconds(60), from: pipeline.stack)
                var byId: [String: String] = [:]
                var latest: [String: (revision: Int, rows: [CoverageRow])] = [:]
                var seen = Set<String>()
                for message in messages {
                    let value = String(decoding: message.value, as: UTF8.self)
                    let change = try Self.change(value)
                    if let earlier = byId[change.id] {
                        #expect(earlier == value, "\(change.id) was published twice with different content")
                    }
                    byId[change.id] = value
                    seen.insert(change.id)
                    if change.revision > (latest[change.personId]?.revision ?? 0) {
                        latest[change.personId] = (change.revision, change.rows)
                    }
                }
                #expect(seen.count == revisions, "every committed revision published once at least: \(seen.count) of \(revisions)")
                #expect(latest.values.flatMap(\.rows).sorted() == expected.coverage.sorted(), "the feed's latest revisions are the coverage")

                // The documented example consumer, run as a downstream system would run it, agrees.
                let day = "2025-03-01"
                let cache = FileManager.default.temporaryDirectory.appendingPathComponent("coverage-cache-\(pipeline.runName).json").path
                defer { try? FileManager.default.removeItem(atPath: cache) }
                let example = try await ChildProcess.run(
                    "/usr/bin/env",
                    [
                        "python3", "\(pipeline.stack.repositoryRoot)/Tools/coverage-cache/coverage_cache.py", "--cache", cache,
                        "--bootstrap", pipeline.stack.bootstrapServers, "--topic", pipeline.topics.coverage,
                        "--idle-exit", "5", "--covered-on", day,
                    ],
                    output: .standardOutput,
                    timeout: .seconds(90)
                )
                let coveredThatDay = Set(expected.coverage.filter { $0.startsOn <= day && day <= $0.endsOn }.map(\.personId)).count
                #expect(
                    example.status == 0 && example.output.trimmingCharacters(in: .whitespacesAndNewlines) == "\(coveredThatDay)",
                    "the example consumer: \(example.output)"
                )
                print(
                    "coverage feed: \(revisions) revisions, \(messages.count) messages (\(messages.count - seen.count) resent), \(leftAfterKill) queued after the kill"
                )
            }
        }

        struct Change {
            var id: String
            var personId: String
            var revision: Int
            var rows: [CoverageRow]
        }

        static func change(_ value: String) throws -> Change {
            let event = try #require(try JSONSerialization.jsonObject(with: Data(value.utf8)) as? [String: Any])
            let data = try #require(event["data"] as? [String: Any])
            let personId = try #require(data["personId"] as? String)
            let revision = try #require(data["revision"] as? Int)
            let rows = try #require(data["periods"] as? [[String: Any]]).map { period in
                CoverageRow(
                    personId: personId,
                    policyYear: period["policyYear"] as? Int ?? -1,
                    startsOn: period["startsOn"] as? String ?? "",
                    endsOn: period["endsOn"] as? String ?? "",
                    startMonth: period["startMonth"] as? String ?? "",
                    basis: period["basis"] as? String ?? ""
                )
            }
            return Change(id: try #require(event["id"] as? String), personId: personId, revision: revision, rows: rows)
        }

        static func count(_ sql: String, _ pipeline: Pipeline) async throws -> Int {
            try await pipeline.database.run { connection in
                var value = 0
                for try await n in try await connection.query(.init(unsafeSQL: sql), logger: Logger(label: "system-tests.feed")).decode(Int.self) {
                    value = n
                }
                return value
            }
        }

        /// The topic from its start, until `atLeast` records arrived or `within` passed (then what came).
        static func read(_ topic: String, atLeast count: Int, within limit: Duration, from stack: SystemStack) async throws -> [KafkaConsumerMessage]
        {
            var configuration = KafkaConsumerConfiguration(
                groupID: "feed-reader-\(UInt32.random(in: 0...UInt32.max))",
                topics: [topic],
                bootstrapServers: stack.bootstrapServers,
                sessionTimeout: .milliseconds(6_000),
                fetchWaitMax: .milliseconds(20)
            )
            configuration.autoOffsetReset = "earliest"
            let consumer = try KafkaConsumer(configuration: configuration, logger: Logger(label: "system-tests.feed"))
            let seen = Seen()
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    try await consumer.run()
                    return false
                }
                group.addTask {
                    for await batch in consumer.batches(maxCount: 500, maxWait: .milliseconds(100)) {
                        if seen.messages.withLock({
                            $0 += batch
                            return $0.count >= count
                        }) {
                            return true
                        }
                    }
                    return true
                }
                // The batches wait for a first record: a topic left empty ends by the clock.
                group.addTask {
                    try? await Task.sleep(for: limit)
                    return true
                }
                while let done = try await group.next(), !done {}
                consumer.triggerGracefulShutdown()
                group.cancelAll()
                try await group.waitForAll()
            }
            return seen.messages.withLock { $0 }
        }

        final class Seen: Sendable {
            let messages = Mutex<[KafkaConsumerMessage]>([])
        }
    }
}
