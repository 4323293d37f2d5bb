import Benefits
import Foundation
import PostgresNIO

/// Where PostgreSQL's time goes in a bench phase, statement by statement: two snapshots of
/// `pg_stat_statements` (which the local stack preloads, `scripts/stack.sh`) for the bench's
/// scratch database, and their difference.
///
/// Why a difference and not `pg_stat_statements_reset()`: the reset needs a superuser, and the
/// bench's role is not one; a database of its own per run keeps other work out of the figures.
/// The times are the server's execution times (waits for locks and disk included), so they show
/// which statement costs the most, not the CPU alone; the `perf` profile covers the client.
struct StatementProfile: Sendable {
    struct Totals: Sendable {
        var calls = 0
        var milliseconds = 0.0
        var rows = 0
    }

    /// Per statement (`queryid`): the totals so far and the normalised text.
    var statements: [Int64: (totals: Totals, query: String)] = [:]

    /// The statements run so far in `database` (every statement the view lets the bench's role
    /// see: its own), or nil when the server has no `pg_stat_statements` (not preloaded, or the
    /// extension not created in the server's default database).
    static func snapshot(server: DatabaseSettings, database: String) async -> StatementProfile? {
        try? await BenchDatabase.withClient(server) { client in
            let rows = try await client.query(
                """
                SELECT s.queryid, s.calls, s.total_exec_time, s.rows, s.query
                FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                WHERE d.datname = \(database)
                """
            )
            var profile = StatementProfile()
            for try await (id, calls, milliseconds, count, query) in rows.decode((Int64, Int64, Double, Int64, String).self) {
                var entry = profile.statements[id] ?? (Totals(), query)
                entry.totals.calls += Int(calls)
                entry.totals.milliseconds += milliseconds
                entry.totals.rows += Int(count)
                profile.statements[id] = entry
            }
            return profile
        }
    }

    /// What ran between `earlier` and this snapshot, summed per step of the pipeline
    /// (`step(of:)`), most expensive first.
    func since(_ earlier: StatementProfile) -> [(step: String, totals: Totals)] {
        var steps: [String: Totals] = [:]
        for (id, entry) in statements where !Self.isStartUp(entry.query) {
            let before = earlier.statements[id]?.totals ?? Totals()
            guard entry.totals.calls > before.calls else { continue }
            var step = steps[Self.step(of: entry.query)] ?? Totals()
            step.calls += entry.totals.calls - before.calls
            step.milliseconds += entry.totals.milliseconds - before.milliseconds
            step.rows += entry.totals.rows - before.rows
            steps[Self.step(of: entry.query)] = step
        }
        return steps.map { ($0.key, $0.value) }.sorted { $0.totals.milliseconds > $1.totals.milliseconds }
    }

    /// The migrations the pipeline applies when it starts (they run inside the measured phase,
    /// but are not the backlog's work).
    static func isStartUp(_ query: String) -> Bool {
        query.hasPrefix("--") || query.hasPrefix("GRANT")
            || ["run_migration_sql", "schema_migrations", "advisory", "pg_roles", "sha256", "CREATE ", "ALTER ", "pg_temp."]
                .contains { query.contains($0) }
    }

    /// The pipeline step a statement belongs to, by what it touches (first match wins).
    static func step(of query: String) -> String {
        let text = query.replacingOccurrences(of: "\n", with: " ")
        let steps: [(needle: [String], name: String)] = [
            (["coverage_periods_new"], "derived rows and coverage feed (one statement per lane)"),
            (["INSERT INTO events", "ON CONFLICT"], "events: insert skipping duplicates (small batches)"),
            (["INSERT INTO events"], "events: insert (probed first)"),
            (["JOIN events e ON e.source"], "events: probe for stored copies"),
            (["INSERT INTO persons"], "persons: count and lock"),
            (["FROM events"], "histories read back (cache misses)"),
            (["pg_advisory_xact_lock", "authoriser_id"], "beneficiaries per authoriser (bound)"),
            (["ARRAY(SELECT DISTINCT f.person_id"], "beneficiaries per authoriser (bound)"),
            (["authoriser_id"], "family-account limit pass"),
            (["consumer_offsets"], "offsets"),
            (["rejected_events"], "refusals"),
            (["coverage_outbox"], "coverage feed relay"),
        ]
        for (needles, name) in steps where needles.allSatisfy({ text.contains($0) }) { return name }
        let control = ["SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET", "SELECT set_config", "SELECT $1", "SELECT 1", "SELECT (extract"]
        if control.contains(where: { text.hasPrefix($0) }) { return "transaction control and checks" }
        return String(text.prefix(60))
    }

    /// Prints the steps' execution time per event (`events`: the phase's events).
    static func report(_ steps: [(step: String, totals: Totals)], events: Int) {
        let total = steps.reduce(0) { $0 + $1.totals.milliseconds }
        guard total > 0, events > 0 else { return }
        print("  PostgreSQL execution time by step (pg_stat_statements, backlog phase):")
        print("    step                                                      calls   µs/event   share")
        // Steps under 0.05 µs an event are summed into one line.
        let shown = steps.filter { $0.totals.milliseconds * 1000 / Double(events) >= 0.05 }
        var rest = Totals()
        for (_, totals) in steps where totals.milliseconds * 1000 / Double(events) < 0.05 {
            rest.calls += totals.calls
            rest.milliseconds += totals.milliseconds
        }
        for (step, totals) in shown + (rest.calls > 0 ? [("other statements", rest)] : []) {
            print(
                String(
                    format: "    %@ %7d %10.1f  %5.1f%%",
                    step.padding(toLength: 56, withPad: " ", startingAt: 0),
                    totals.calls,
                    totals.milliseconds * 1000 / Double(events),
                    totals.milliseconds / total * 100
                )
            )
        }
        print(String(format: "    %@ %7@ %10.1f", "total".padding(toLength: 56, withPad: " ", startingAt: 0), "", total * 1000 / Double(events)))
    }
}
