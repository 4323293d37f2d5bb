import PostgresNIO

extension Statements {
    /// One statement that makes the derived rows of some persons (`coverage_periods`,
    /// `facility_bindings`, `family_account_bindings`, `person_facts`) equal to new rows, writing
    /// only the difference: a row already stored is kept, a stored row not among the new ones is
    /// deleted, a new row not stored is inserted.
    ///
    /// Why a difference and not delete-all-then-insert: most batches add one event to a person who
    /// has rows already (a payment adds a period, a facility choice adds a binding), and rewriting
    /// every row of all four tables cost PostgreSQL a third of its time in the benefits bench
    /// (every row is a heap tuple, WAL and up to four index entries, written and then deleted).
    /// Reading a person's rows through its index is much cheaper than writing them again.
    ///
    /// Rows compare as multisets: two equal rows of a person (two identical refused bindings) are
    /// told apart by their rank among equals (`row_number()` over all the columns), so a person
    /// with one copy stored and two new gets one inserted. `person_facts` has one row per person
    /// (its primary key): it is upserted when it differs, and deleted when the person no longer has one.
    struct ReplaceDerivedRows {
        /// Persons whose stored rows are compared (those that may have rows; a person seen for the
        /// first time has none and need not be listed).
        let persons: [String]
        let periods: BulkRows
        let facility: BulkRows
        let family: BulkRows
        let facts: BulkRows
        /// Each recomputed person's feed list of periods (`StoredTables.periodLists`); queued
        /// for the persons whose periods changed.
        let lists: BulkRows

        /// The statement and its binds: `$1` the persons, then each table's columns as arrays.
        /// Its answer is empty: every CTE that writes runs to completion whether or not it is read.
        func query() -> PostgresQuery {
            var bindings = PostgresBindings(
                capacity: 1 + periods.columns.count + facility.columns.count + family.columns.count + facts.columns.count + lists.columns.count
            )
            bindings.append(persons)
            var next = 2
            var parts: [String] = []
            for (table, rows) in [("coverage_periods", periods), ("facility_bindings", facility), ("family_account_bindings", family)] {
                let new = Self.newRows(rows, firstParameter: next, bindings: &bindings)
                next += rows.columns.count
                parts.append(contentsOf: Self.multisetDifference(table: table, columns: rows.columns, new: new))
            }
            let newFacts = Self.newRows(facts, firstParameter: next, bindings: &bindings)
            next += facts.columns.count
            parts.append(contentsOf: Self.upsertedFacts(columns: facts.columns, new: newFacts))
            parts.append("coverage_lists AS (\(Self.newRows(lists, firstParameter: next, bindings: &bindings)))")
            parts.append(contentsOf: Self.queuedCoverageChanges)
            let sql = """
                WITH \(parts.joined(separator: ",\n"))
                SELECT WHERE false
                """
            return PostgresQuery(unsafeSQL: sql, binds: bindings)
        }

        /// `unnest($n::text[], …)` of the rows' columns, as their stored types and named as the
        /// table's columns; appends the column arrays to `bindings`.
        private static func newRows(_ rows: BulkRows, firstParameter: Int, bindings: inout PostgresBindings) -> String {
            let source = rows.unnestSource(firstParameter: firstParameter, appendingTo: &bindings)
            let values = rows.columns.map { "\($0.expression(from: "u")) AS \($0.name)" }.joined(separator: ", ")
            return "SELECT \(values) FROM \(source)"
        }

        /// The CTEs `<table>_new`, `<table>_old`, `<table>_gone` (the deletes) and `<table>_added` (the inserts).
        private static func multisetDifference(table: String, columns: [BulkColumn], new: String) -> [String] {
            let names = columns.map(\.name)
            let all = names.joined(separator: ", ")
            // person_id first: the join's equality; the other columns may be NULL.
            let same = (["n.k = o.k", "n.person_id = o.person_id"] + names.dropFirst().map { "n.\($0) IS NOT DISTINCT FROM o.\($0)" })
                .joined(separator: " AND ")
            return [
                "\(table)_new AS (SELECT r.*, row_number() OVER (PARTITION BY \(all)) AS k FROM (\(new)) AS r)",
                """
                \(table)_old AS (SELECT t.ctid AS row_id, \(names.map { "t.\($0)" }.joined(separator: ", ")), \
                row_number() OVER (PARTITION BY \(names.map { "t.\($0)" }.joined(separator: ", "))) AS k \
                FROM \(table) AS t WHERE t.person_id = ANY($1::text[]))
                """,
                """
                \(table)_gone AS (DELETE FROM \(table) AS t WHERE t.person_id = ANY($1::text[]) AND t.ctid = ANY(ARRAY(\
                SELECT o.row_id FROM \(table)_old AS o WHERE NOT EXISTS (SELECT 1 FROM \(table)_new AS n WHERE \(same)))) \
                RETURNING t.person_id)
                """,
                """
                \(table)_added AS (INSERT INTO \(table) (\(all)) SELECT \(names.map { "n.\($0)" }.joined(separator: ", ")) \
                FROM \(table)_new AS n WHERE NOT EXISTS (SELECT 1 FROM \(table)_old AS o WHERE \(same)) \
                RETURNING person_id)
                """,
            ]
        }

        /// The CTEs that feed the coverage change feed (migration 0010, docs/coverage-feed.md): every
        /// person with a `coverage_periods` row deleted or inserted gets the next revision and an
        /// outbox row with the periods after the change, in this statement's transaction, so a
        /// change is queued exactly when it is committed. A person whose periods stayed equal
        /// (a re-sent event, a recompute that changes nothing) gets neither.
        ///
        /// The periods come from `coverage_lists` (a CTE does not see the statement's own writes;
        /// the lists are written by the caller, `StoredTables.periodList`), joined once: a subquery
        /// per person would scan the lane's rows once for each of them (quadratic: it halved the
        /// bench's rate). Revisions are taken in person_id order, as the `persons` rows are locked, so
        /// two transactions on the same persons wait for each other rather than deadlock; the
        /// revision row's lock also orders the outbox ids of one person as its revisions.
        private static let queuedCoverageChanges = [
            """
            coverage_changed AS (SELECT person_id FROM coverage_periods_gone UNION SELECT person_id FROM coverage_periods_added)
            """,
            """
            coverage_revised AS (INSERT INTO coverage_revisions AS r (person_id, revision) \
            SELECT person_id, 1 FROM coverage_changed ORDER BY person_id \
            ON CONFLICT (person_id) DO UPDATE SET revision = r.revision + 1 RETURNING r.person_id, r.revision)
            """,
            """
            coverage_queued AS (INSERT INTO coverage_outbox (person_id, revision, committed_at, periods) \
            SELECT v.person_id, v.revision, clock_timestamp(), COALESCE(l.periods, '[]'::json) \
            FROM coverage_revised AS v LEFT JOIN coverage_lists AS l ON l.person_id = v.person_id ORDER BY v.person_id)
            """,
        ]

        /// The CTEs `person_facts_new`, `person_facts_gone` (a person of `$1` with no new row) and
        /// `person_facts_added` (a new or changed row, upserted; an unchanged one is not touched).
        private static func upsertedFacts(columns: [BulkColumn], new: String) -> [String] {
            let names = columns.map(\.name)
            let values = names.dropFirst()
            let same = values.map { "t.\($0) IS NOT DISTINCT FROM n.\($0)" }.joined(separator: " AND ")
            return [
                "person_facts_new AS (\(new))",
                """
                person_facts_gone AS (DELETE FROM person_facts AS t WHERE t.person_id = ANY($1::text[]) \
                AND NOT EXISTS (SELECT 1 FROM person_facts_new AS n WHERE n.person_id = t.person_id))
                """,
                """
                person_facts_added AS (INSERT INTO person_facts AS t (\(names.joined(separator: ", "))) \
                SELECT \(names.map { "n.\($0)" }.joined(separator: ", ")) FROM person_facts_new AS n \
                WHERE NOT EXISTS (SELECT 1 FROM person_facts AS t WHERE t.person_id = n.person_id AND \(same)) \
                ON CONFLICT (person_id) DO UPDATE SET \(values.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")))
                """,
            ]
        }
    }
}
