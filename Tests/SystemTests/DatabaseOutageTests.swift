import ChildProcess
import Foundation
import SampleCity
import TestSupport
import Testing

extension SystemSuites {
    /// Issue 6: the database unreachable for longer than one backoff step. The benefits
    /// service stops storing, says so on `/ready` while `/health` stays up, retries with
    /// backoff and resumes by itself once PostgreSQL is back: nothing lost, nothing doubled.
    @Suite("System: database outage", .serialized, .timeLimit(.minutes(5)))
    struct DatabaseOutageTests {
        /// How long the database stays away once events wait for it: longer than the first
        /// backoff steps (100, 200, 400, 800, 1600 ms…) together.
        static let outage = Duration.seconds(6)

        /// How the database goes away: the server stopped (connections refused), or the network to
        /// it cut (a proxy stops moving bytes: connections and queries hang, nothing is refused).
        enum Outage: String, CaseIterable, Sendable, CustomTestStringConvertible {
            case serverStopped = "PostgreSQL stopped"
            case networkCut = "network to PostgreSQL cut"
            var testDescription: String { rawValue }
        }

        @Test("mid-stream: not ready within 15 s, nothing stored for 6 s, then everything once", arguments: Outage.allCases)
        func survivesDatabaseOutage(_ outage: Outage) async throws {
            try await Pipeline.with("pg-outage") { pipeline in
                let proxy = outage == .networkCut ? try await PartitionProxy.start(forwardingTo: pipeline.database.settings.port) : nil
                defer { if let proxy { Task { await proxy.close() } } }
                let benefits = try await pipeline.startBenefits(databasePort: proxy?.port)
                let city = SampleCity(SampleCityOptions(persons: 600, seed: 7_106))
                let before = (0..<300).flatMap { city.events(ofPerson: $0) }
                let during = (300..<600).flatMap { city.events(ofPerson: $0) }
                let feed = try EventFeed(bootstrapServers: pipeline.stack.bootstrapServers, topics: pipeline.topics)

                try await feed.publish(before)
                let stored = try await pipeline.waitForTables(toEqual: ExpectedOutcome(lines: before.map(\.json)), timeout: .seconds(60))
                try #require(stored.isEmpty, "the first slice was not stored before the outage:\n\(stored.joined(separator: "\n"))\n\(pipeline.logs)")
                let metricsBefore = try await ServiceMetrics.afterCommitting(before.count, port: pipeline.benefitsPort)
                let consumedBefore = try #require(
                    metricsBefore.sum("benefits_events_consumed_total"),
                    "no benefits_events_consumed_total on /metrics after the first slice"
                )
                let retriesBefore = Self.retryLines(in: benefits)
                // Refused connections fail at once; on a cut network each attempt waits out the
                // service's 2 s deadline for `SELECT 1` before it backs off.
                let fewest = outage == .serverStopped ? 3 : 2

                try await Self.withDatabaseAway(outage, stack: pipeline.stack, proxy: proxy) {
                    // Recorded, not thrown: the rest (resuming without loss) is worth checking anyway.
                    var noticed: Duration?
                    do {
                        noticed = try await pipeline.waitForBenefitsReadiness(503, timeout: .seconds(15))
                    } catch {
                        Issue.record(error, "the outage must show on /ready promptly")
                    }
                    let health = await HTTPProbe.get(port: pipeline.benefitsPort, "/health", within: .seconds(5))
                    #expect(
                        health?.status == 200,
                        "/health must not depend on the database; it answered \(health.map { "\($0.status)" } ?? "nothing within 5 s")"
                    )

                    // Events keep arriving on Kafka while the database is away.
                    try await feed.publish(during)
                    try await Task.sleep(for: Self.outage)

                    let ready = await HTTPProbe.get(port: pipeline.benefitsPort, "/ready", within: .seconds(5))
                    #expect(
                        ready?.status == 503,
                        """
                        still no database (not ready \(noticed.map { "\($0)" } ?? "never") after the stop, then \(Self.outage) more), \
                        yet /ready answered \(ready.map { "\($0.status)" } ?? "nothing within 5 s")
                        """
                    )
                    #expect(ready?.body.contains("database") == true, "/ready must name the failing dependency: \(ready?.body ?? "no answer")")
                    let metricsDuring = try await ServiceMetrics.read(port: pipeline.benefitsPort)
                    #expect(
                        metricsDuring.sum("benefits_database_available") == 0,
                        "benefits_database_available must be 0 during the outage, is \(metricsDuring.sum("benefits_database_available").map { "\($0)" } ?? "missing")"
                    )
                    #expect(
                        (metricsDuring.sum("benefits_database_retries_total") ?? 0) >= 1,
                        "benefits_database_retries_total must count the failed attempts"
                    )
                    let consumed = metricsDuring.sum("benefits_events_consumed_total")
                    #expect(
                        consumed == consumedBefore,
                        "events were counted as consumed without a database: \(consumed ?? 0) after \(consumedBefore)"
                    )
                    #expect(benefits.isRunning, "the benefits service exited during the outage:\n\(benefits.logTail())")
                    // Enough failed attempts to show the backoff before the database comes back:
                    // on a cut network each waits out a 2 s deadline, so a loaded machine may need longer.
                    let deadline = ContinuousClock.now + .seconds(30)
                    while Self.retryLines(in: benefits).count - retriesBefore.count < fewest, ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(200))
                    }
                }

                let recovered = try await pipeline.waitForBenefitsReadiness(200, timeout: .seconds(30))
                let retries = Array(Self.retryLines(in: benefits).dropFirst(retriesBefore.count))
                #expect(
                    retries.count >= fewest,
                    "expected several backed-off retries in \(Self.outage), saw \(retries.count):\n\(retries.joined(separator: "\n"))"
                )
                let delays = retries.compactMap(Self.retryDelay)
                let backsOff = delays.count == retries.count && delays.count >= 2 && delays[delays.count - 1] > delays[0]
                #expect(backsOff, "retry delays must grow (backoff): \(delays) from\n\(retries.joined(separator: "\n"))")

                await feed.close()
                let expected = ExpectedOutcome(lines: (before + during).map(\.json))
                let differences = try await pipeline.waitForTables(toEqual: expected, timeout: .seconds(90))
                #expect(
                    differences.isEmpty,
                    """
                    after a \(Self.outage) database outage (ready again \(recovered) after it came back) \
                    the tables differ from the direct answer:
                    \(differences.joined(separator: "\n"))
                    \(pipeline.logs)
                    """
                )
                let after = try await ServiceMetrics.afterCommitting(before.count + during.count, port: pipeline.benefitsPort)
                #expect(after.sum("benefits_database_available") == 1, "benefits_database_available must be 1 again after the outage")
                let consumedAfter = after.sum("benefits_events_consumed_total")
                #expect((consumedAfter ?? 0) > consumedBefore, "consumption did not resume: \(consumedAfter ?? 0) after \(consumedBefore)")
            }
        }

        private static func withDatabaseAway<T: Sendable>(
            _ outage: Outage,
            stack: SystemStack,
            proxy: PartitionProxy?,
            _ body: () async throws -> T
        ) async throws -> T {
            guard outage == .networkCut, let proxy else { return try await stack.withPostgresStopped(body) }
            proxy.partition()
            defer { proxy.heal() }
            return try await body()
        }

        /// The service's "database unavailable; retrying" log lines, oldest first.
        static func retryLines(in process: ServiceProcess) -> [String] {
            guard let text = try? String(contentsOfFile: process.logPath, encoding: .utf8) else { return [] }
            return text.split(separator: "\n").filter { $0.contains("database unavailable; retrying") }.map(String.init)
        }

        /// The `retryIn` of one retry line, in seconds (`retryIn=0.4 seconds`).
        static func retryDelay(_ line: String) -> Double? {
            guard let range = line.range(of: "retryIn=") else { return nil }
            return Double(line[range.upperBound...].prefix { $0.isNumber || $0 == "." })
        }
    }
}
