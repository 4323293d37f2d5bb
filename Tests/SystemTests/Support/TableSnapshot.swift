import InsuranceDomain
import Logging
import PostgresNIO
import TestSupport

/// What the benefits service wrote to the contract tables at one moment.
struct TableSnapshot: Sendable {
    var coverage: [CoverageRow] = []
    var storedEvents: Set<EventIdentity> = []
    var rejectedIdentities: Set<EventIdentity> = []
    var rejectedCount = 0

    /// Reads the tables; a table the service has not created yet reads as empty.
    static func read(from database: ScratchDatabase) async throws -> TableSnapshot {
        let logger = Logger(label: "system-tests.snapshot")
        return try await database.run { connection in
            var snapshot = TableSnapshot()
            let tables = try await connection.query(
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
                logger: logger
            )
            var present = Set<String>()
            for try await name in tables.decode(String.self) { present.insert(name) }
            guard ["coverage_periods", "events", "rejected_events"].allSatisfy(present.contains) else { return snapshot }

            let coverage = try await connection.query(
                """
                SELECT person_id, policy_year, starts_on::text, ends_on::text, start_month, basis FROM coverage_periods
                """,
                logger: logger
            )
            for try await (person, year, starts, ends, month, basis) in coverage.decode((String, Int, String, String, String, String).self) {
                snapshot.coverage.append(
                    CoverageRow(personId: person, policyYear: year, startsOn: starts, endsOn: ends, startMonth: month, basis: basis)
                )
            }
            snapshot.coverage.sort()
            let events = try await connection.query("SELECT source, event_id FROM events", logger: logger)
            for try await (source, id) in events.decode((String, String).self) {
                snapshot.storedEvents.insert(EventIdentity(source: source, id: id))
            }
            let rejected = try await connection.query("SELECT source, event_id FROM rejected_events", logger: logger)
            for try await (source, id) in rejected.decode((String?, String?).self) {
                snapshot.rejectedCount += 1
                if let source, let id { snapshot.rejectedIdentities.insert(EventIdentity(source: source, id: id)) }
            }
            return snapshot
        }
    }

    /// Every way the tables differ from the direct answer; empty when they agree.
    func differences(from expected: ExpectedOutcome) -> [String] {
        var problems: [String] = []
        if coverage != expected.coverage {
            let actual = Set(coverage)
            let wanted = Set(expected.coverage)
            let missing = wanted.subtracting(actual).sorted()
            let extra = actual.subtracting(wanted).sorted()
            problems.append(
                "coverage_periods: \(coverage.count) rows, expected \(expected.coverage.count); "
                    + "missing \(missing.count) (first: \(missing.first.map(String.init(describing:)) ?? "-")), "
                    + "unexpected \(extra.count) (first: \(extra.first.map(String.init(describing:)) ?? "-"))"
            )
        }
        let missingEvents = expected.validIdentities.subtracting(storedEvents)
        if !missingEvents.isEmpty {
            problems.append(
                "events: \(missingEvents.count) of \(expected.validIdentities.count) valid events missing (first: \(missingEvents.min()!))"
            )
        }
        let strayEvents = storedEvents.subtracting(expected.validIdentities)
        if !strayEvents.isEmpty {
            problems.append("events: \(strayEvents.count) stored events the city never sent as valid (first: \(strayEvents.min()!))")
        }
        let missingRejected = expected.refusedIdentities.subtracting(rejectedIdentities)
        if !missingRejected.isEmpty {
            problems.append("rejected_events: \(missingRejected.count) refused events with an identity missing (first: \(missingRejected.min()!))")
        }
        if rejectedCount < expected.refusedCount {
            problems.append("rejected_events: \(rejectedCount) rows, expected at least \(expected.refusedCount) (one per broken line)")
        }
        return problems
    }
}
