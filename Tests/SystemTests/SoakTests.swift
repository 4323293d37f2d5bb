import Foundation
import Logging
import PostgresNIO
import SampleCity
import TestSupport
import Testing

extension SystemSuites {
    /// Issue 22, item 8: the soak (`scripts/dev soak [--minutes N]`, `SoakSettings`).
    ///
    /// The sample city comes in at a steady rate through both doors (the enrollment service's
    /// HTTP intake and straight onto Kafka) while each cycle goes through six phases: quiet; a
    /// `/ready` flood of keep-alive clients (which goes on through the rest of the cycle);
    /// poison (malformed lines, and changed copies of stored ids the service refuses); a
    /// PostgreSQL restart; a broker pause; a SIGKILL of the benefits service, restarted. At the
    /// end every event is stored or refused exactly once and coverage equals the domain
    /// library's direct answer. It prints rates per phase and the recovery after each fault,
    /// and writes them to `SOAK_REPORT` (default: the system tests' log folder).
    @Suite("System: soak", .serialized, .timeLimit(.minutes(SoakSettings.timeLimitMinutes)))
    struct SoakTests {
        @Test("a steady city through both doors, a /ready flood, poison and three faults: each event once, the direct answer")
        func soak() async throws {
            let settings = SoakSettings.fromEnvironment()
            try await Pipeline.with("soak") { pipeline in
                try await pipeline.startBenefits()
                try await pipeline.startEnrollment()
                let feed = try EventFeed(bootstrapServers: pipeline.stack.bootstrapServers, topics: pipeline.topics)
                let ledger = SoakLedger()
                let watch = SoakWatch()
                let flood = SoakFlood()
                let stop = SoakStop()
                let city = SampleCity(SampleCityOptions(persons: Int.max / 2, seed: 22_008))
                let watching = watch.start(database: pipeline.database, benefitsPort: pipeline.benefitsPort)
                let doors = [SoakLedger.Door.http, .kafka].map { door in
                    let sender = SoakDoor(
                        door: door,
                        rate: Double(settings.rate) / 2,
                        city: city,
                        feed: feed,
                        enrollmentPort: pipeline.enrollmentPort,
                        ledger: ledger,
                        stop: stop
                    )
                    return Task { try await sender.run() }
                }
                var flooding: Task<Void, Never>?
                // Whatever happens, nothing the soak started keeps running after it.
                defer {
                    stop.set()
                    flooding?.cancel()
                    watching.cancel()
                    for door in doors { door.cancel() }
                }

                var phases: [SoakPhaseRecord] = []
                var faults: [SoakFaultRecord] = []
                let started = ContinuousClock.now
                for cycle in 1...settings.cycles {
                    for phase in SoakPhase.allCases {
                        let start = ContinuousClock.now
                        var record = SoakPhaseRecord(
                            cycle: cycle,
                            phase: phase,
                            start: start,
                            dueAtStart: ledger.due,
                            sentAtStart: ledger.sent,
                            end: start,
                            dueAtEnd: 0,
                            sentAtEnd: 0
                        )
                        let end = start + settings.phaseLength
                        var poisoning: Task<Void, any Error>?
                        switch phase {
                        case .quiet:
                            break
                        case .flood:
                            flooding = flood.start(port: pipeline.benefitsPort, clients: settings.floodClients, rate: settings.floodRate)
                        case .poison:
                            let poison = SoakPoison(
                                rate: Double(settings.rate) / 5,
                                feed: feed,
                                topics: pipeline.topics,
                                ledger: ledger,
                                tag: "\(pipeline.runName)-c\(cycle)"
                            )
                            poisoning = Task { try await poison.run(until: end) }
                        case .postgresRestart:
                            let due = ledger.due
                            try await pipeline.stack.restartPostgres()
                            faults.append(SoakFaultRecord(cycle: cycle, phase: phase, start: start, actionEnd: .now, dueBefore: due, note: ""))
                        case .brokerPause:
                            let due = ledger.due
                            try await pipeline.stack.pauseBroker(for: settings.brokerPause)
                            faults.append(SoakFaultRecord(cycle: cycle, phase: phase, start: start, actionEnd: .now, dueBefore: due, note: ""))
                        case .kill:
                            let due = ledger.due
                            let benefits = pipeline.running("benefits-service")
                            let peak = benefits?.peakMemoryKiB.map { "peak RSS \($0 / 1_024) MiB" } ?? "peak RSS unknown"
                            await benefits?.kill()
                            try await pipeline.startBenefits()
                            faults.append(
                                SoakFaultRecord(
                                    cycle: cycle,
                                    phase: phase,
                                    start: start,
                                    actionEnd: .now,
                                    dueBefore: due,
                                    note: "killed pid \(benefits.map { String($0.pid) } ?? "?"), \(peak)"
                                )
                            )
                        }
                        if end > .now { try await Task.sleep(until: end) }
                        try await poisoning?.value
                        if phase == .kill {
                            flooding?.cancel()
                            await flooding?.value
                            flooding = nil
                        }
                        record.end = .now
                        record.dueAtEnd = ledger.due
                        record.sentAtEnd = ledger.sent
                        phases.append(record)
                        print(
                            "soak: cycle \(cycle)/\(settings.cycles) \(phase.rawValue) over at +\(SoakReport.fixed((record.end - started).soakSeconds)) s: "
                                + "\(SoakReport.grouped(record.dueAtEnd)) rows due, \(SoakReport.grouped(watch.stored(at: record.end))) stored"
                        )
                    }
                }
                stop.set()
                for door in doors { try await door.value }
                await feed.close()

                // The final catch-up, then the comparison with the domain library's direct answer.
                let expected = ExpectedOutcome(lines: ledger.lines)
                let differences = try await pipeline.waitForTables(toEqual: expected, timeout: settings.catchUpLimit)
                try await Task.sleep(for: .seconds(2))  // anything beyond the expected would show now
                let counts = try await TableCounts.read(from: pipeline.database)
                let miscounted = try await Self.personsMiscounted(pipeline.database)
                let caughtUpAt = watch.firstReaching(ledger.due, after: phases.last?.end ?? started)
                watching.cancel()
                await watching.value

                let refusals = expected.refusedCount + ledger.changedCopies
                let outcome =
                    "tables equal the direct answer: \(differences.isEmpty ? "yes" : "NO"); "
                    + "events \(SoakReport.grouped(counts.events)) (valid \(SoakReport.grouped(expected.validIdentities.count))), "
                    + "rejected_events \(SoakReport.grouped(counts.rejected)) (refused \(SoakReport.grouped(expected.refusedCount)) "
                    + "+ changed copies \(SoakReport.grouped(ledger.changedCopies))), coverage rows \(SoakReport.grouped(expected.coverage.count)), "
                    + "persons miscounted \(miscounted)"
                let report = SoakReport(
                    settings: settings,
                    phases: phases,
                    faults: faults,
                    watch: watch,
                    calls: flood.all,
                    ledger: ledger,
                    outcome: outcome,
                    caughtUpAt: caughtUpAt
                )
                print(report.text)
                let reportPath =
                    ProcessInfo.processInfo.environment["SOAK_REPORT"] ?? "\(pipeline.stack.logDirectory)/\(pipeline.runName).soak.txt"
                try? (report.text + "\n").write(toFile: reportPath, atomically: true, encoding: .utf8)

                // Exactly once, and the direct answer.
                #expect(
                    differences.isEmpty,
                    "after the soak the tables differ from the direct answer:\n\(differences.joined(separator: "\n"))\n\(pipeline.logs)"
                )
                #expect(counts.events == expected.validIdentities.count, "each valid event is stored once")
                #expect(counts.rejected == refusals, "each refused line and changed copy is refused once (\(refusals))")
                #expect(miscounted == 0, "\(miscounted) persons counted events twice or not at all")
                #expect(ledger.malformed > 0 && expected.refusedCount >= ledger.malformed, "the malformed lines were sent and refused")
                #expect(ledger.changedCopies > 0, "changed copies were sent")
                // The flood: answered throughout, failures only while the killed service was down.
                #expect(report.flood.answered > 0)
                #expect(report.failedOutsideKills == 0, "/ready calls failed outside the kills:\n\(report.text)")
                // Ingestion kept up under the flood.
                for (cycle, ratio) in report.floodKeptUp {
                    #expect(ratio >= 0.9, "cycle \(cycle): under the /ready flood the tables took \(ratio) of the rows due:\n\(report.text)")
                }
                for recovery in report.recoveries {
                    #expect(
                        recovery.ready != nil,
                        "/ready never answered 200 after \(recovery.fault.phase.rawValue) in cycle \(recovery.fault.cycle)"
                    )
                    #expect(recovery.caughtUp != nil, "the tables never caught up after \(recovery.fault.phase.rawValue)")
                }
                #expect(pipeline.running("benefits-service")?.isRunning == true, "the benefits service is running at the end")
            }
        }

        /// Persons whose `event_count` differs from their stored events: an event applied twice
        /// (or not at all) after a kill or a restart.
        static func personsMiscounted(_ database: ScratchDatabase) async throws -> Int {
            try await database.run { connection in
                let rows = try await connection.query(
                    """
                    SELECT count(*)::int8 FROM persons p
                    WHERE p.event_count <> (SELECT count(*) FROM events e WHERE e.person_id = p.person_id)
                    """,
                    logger: Logger(label: "system-tests.soak")
                )
                var found = 0
                for try await count in rows.decode(Int.self) { found = count }
                return found
            }
        }
    }
}
