import Foundation
import InsuranceDomain
import PostgresNIO

/// The bulk-written tables' columns and how rows become text for them.
enum StoredTables {
    /// `events` as both insert paths bind it (`unnest` of text arrays, `BatchWriter`);
    /// `event_time` as `timestamptz` text.
    static let events = [
        BulkColumn("source", "text"), BulkColumn("event_id", "text"), BulkColumn("type", "text"),
        BulkColumn("person_id", "text"), BulkColumn("event_time", "timestamptz"), BulkColumn("payload", "text"),
        BulkColumn("topic", "text"), BulkColumn("partition", "integer"), BulkColumn("kafka_offset", "bigint"),
    ]

    static func eventRows(_ events: some Collection<IncomingEvent>) -> BulkRows {
        var rows = BulkRows(columns: Self.events, capacity: events.count)
        for event in events {
            rows.append([
                event.source, event.eventId, event.type, event.personId,
                TimestampText.utc(microseconds: event.eventTimeMicroseconds), event.payload,
                event.topic, String(event.partition), String(event.offset),
            ])
        }
        return rows
    }

    static let refusals = [
        BulkColumn("source", "text", nullable: true), BulkColumn("event_id", "text", nullable: true),
        BulkColumn("type", "text", nullable: true), BulkColumn("reason", "text"), BulkColumn("payload", "text"),
        BulkColumn("topic", "text"), BulkColumn("partition", "integer"), BulkColumn("kafka_offset", "bigint"),
        BulkColumn("dead_letter_error", "text", nullable: true),
    ]

    /// Refusals must always be storable: text PostgreSQL cannot hold (NUL) is written as `\u0000`.
    static func refusalRows(_ refusals: [Refusal]) -> BulkRows {
        var rows = BulkRows(columns: Self.refusals, capacity: refusals.count)
        for refusal in refusals {
            rows.append([
                refusal.source.map(storable), refusal.eventId.map(storable), refusal.type.map(storable),
                storable(refusal.reason), storable(refusal.payload), storable(refusal.topic),
                String(refusal.partition), String(refusal.offset), refusal.deadLetterError.map(storable),
            ])
        }
        return rows
    }

    private static func storable(_ text: String) -> String {
        text.contains("\u{0}") ? text.replacingOccurrences(of: "\u{0}", with: "\\u0000") : text
    }

    static let coveragePeriods = [
        BulkColumn("person_id", "text"), BulkColumn("policy_year", "integer"), BulkColumn("starts_on", "date"),
        BulkColumn("ends_on", "date"), BulkColumn("start_month", "text"), BulkColumn("basis", "text"),
    ]

    static let facilityBindings = [
        BulkColumn("person_id", "text"), BulkColumn("facility_code", "text"), BulkColumn("facility_kind", "text"),
        BulkColumn("hospital_level", "integer", nullable: true), BulkColumn("bound_on", "date"),
        BulkColumn("ends_on", "date", nullable: true), BulkColumn("status", "text"),
        BulkColumn("reason", "text", nullable: true),
    ]

    static let familyAccountBindings = [
        BulkColumn("person_id", "text"), BulkColumn("authoriser_id", "text"), BulkColumn("relationship", "text"),
        BulkColumn("bound_on", "date"), BulkColumn("revoked_on", "date", nullable: true),
        BulkColumn("rank", "integer", nullable: true), BulkColumn("status", "text"),
        BulkColumn("reason", "text", nullable: true),
    ]

    static let personFacts = [
        BulkColumn("person_id", "text"), BulkColumn("birth_date", "date", nullable: true),
        BulkColumn("age_limit_on", "date", nullable: true), BulkColumn("last_stop_on", "date", nullable: true),
    ]

    /// Each recomputed person's whole list of periods, as the coverage change feed's
    /// `data.periods` (docs/coverage-feed.md), for the outbox row of a person whose periods changed.
    static let periodLists = [BulkColumn("person_id", "text"), BulkColumn("periods", "json")]

    /// `data.periods` of the feed: compact JSON, ordered by `startsOn` (then policy year, end,
    /// basis). Written here rather than by `json_agg` in the derived-rows statement: building the
    /// lists in PostgreSQL took a sixth of that statement's time (auto_explain of the benefits
    /// bench's lanes), a few hundred nanoseconds a person here.
    static func periodList(_ periods: [CoveragePeriodRow]) -> String {
        guard !periods.isEmpty else { return "[]" }
        let ordered =
            periods.count == 1
            ? periods : periods.sorted { ($0.startsOn, $0.policyYear, $0.endsOn, $0.basis) < ($1.startsOn, $1.policyYear, $1.endsOn, $1.basis) }
        // Written straight into bytes, not through a `JSONValue` tree: the tree's allocations
        // cost more than the writing, for every recomputed person (the strings are still escaped).
        var out: [UInt8] = []
        out.reserveCapacity(120 * ordered.count + 2)
        out.append(UInt8(ascii: "["))
        for (index, period) in ordered.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"policyYear":"#.utf8)
            out.append(contentsOf: String(period.policyYear).utf8)
            out.append(contentsOf: #","startsOn":"#.utf8)
            JSONWriter.writeString(period.startsOn, into: &out)
            out.append(contentsOf: #","endsOn":"#.utf8)
            JSONWriter.writeString(period.endsOn, into: &out)
            out.append(contentsOf: #","startMonth":"#.utf8)
            JSONWriter.writeString(period.startMonth, into: &out)
            out.append(contentsOf: #","basis":"#.utf8)
            JSONWriter.writeString(period.basis, into: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// The derived rows of many persons, ready to write, and each person's feed list of periods.
    static func derivedRows(
        _ results: [(personId: String, result: PersonResult)]
    ) -> (
        periods: BulkRows, facility: BulkRows, family: BulkRows, facts: BulkRows, lists: BulkRows
    ) {
        var periods = BulkRows(columns: coveragePeriods)
        var facility = BulkRows(columns: facilityBindings)
        var family = BulkRows(columns: familyAccountBindings)
        var facts = BulkRows(columns: personFacts)
        var lists = BulkRows(columns: periodLists, capacity: results.count)
        for (personId, result) in results {
            lists.append([personId, periodList(result.periods)])
            if !result.facts.isEmpty {
                facts.append([personId, result.facts.birthDate, result.facts.ageLimitOn, result.facts.lastStopOn])
            }
            for period in result.periods {
                periods.append([
                    personId, String(period.policyYear), period.startsOn, period.endsOn, period.startMonth, period.basis,
                ])
            }
            for binding in result.facilityBindings {
                facility.append([
                    personId, binding.facilityCode, binding.facilityKind, binding.hospitalLevel.map(String.init),
                    binding.boundOn, binding.endsOn, binding.status.rawValue, binding.reason,
                ])
            }
            for binding in result.familyBindings {
                family.append([
                    personId, binding.authoriserId, binding.relationship, binding.boundOn, binding.revokedOn,
                    binding.rank.map(String.init), binding.status.rawValue, binding.reason,
                ])
            }
        }
        return (periods, facility, family, facts, lists)
    }
}

/// Rows to write in one statement, held column by column as text.
struct BulkRows: Sendable {
    let columns: [BulkColumn]
    private(set) var values: [[String?]]
    private(set) var count = 0

    init(columns: [BulkColumn], capacity: Int = 0) {
        self.columns = columns
        self.values = columns.map { _ in
            var column: [String?] = []
            column.reserveCapacity(capacity)
            return column
        }
    }

    mutating func append(_ row: [String?]) {
        precondition(row.count == columns.count, "a row has one value per column")
        for index in row.indices { values[index].append(row[index]) }
        count += 1
    }

    /// `a, b, …`: the column names, for an INSERT's target list.
    var columnList: String { columns.map(\.name).joined(separator: ", ") }

    /// The casts turning text columns of `source` into the stored values, for a SELECT list.
    func selectList(from source: String) -> String {
        columns.map { $0.expression(from: source) }.joined(separator: ", ")
    }

    /// `unnest($1::text[], …) AS u(…)`, the rows as text columns, with its binds.
    func unnestSource() -> (sql: String, bindings: PostgresBindings) {
        var bindings = PostgresBindings(capacity: columns.count)
        let sql = unnestSource(firstParameter: 1, appendingTo: &bindings)
        return (sql, bindings)
    }

    /// `unnest($n::text[], …) AS u(…)` numbered from `firstParameter`, for a statement with other
    /// parameters; the column arrays are appended to `bindings`.
    func unnestSource(firstParameter: Int, appendingTo bindings: inout PostgresBindings) -> String {
        for column in values { bindings.append(column.map { $0 ?? "" }) }
        let arrays = columns.indices.map { "$\(firstParameter + $0)::text[]" }.joined(separator: ", ")
        return "unnest(\(arrays)) AS u(\(columnList))"
    }

    /// `SELECT <casts> FROM unnest($1::text[], …) AS u(…)` with its binds.
    func unnestSelect() -> (sql: String, bindings: PostgresBindings) {
        let source = unnestSource()
        return ("SELECT \(selectList(from: "u")) FROM \(source.sql)", source.bindings)
    }
}

/// A column written in bulk. Values travel as text in `unnest` binds (arrays of text),
/// and are cast to `sqlType` by the database.
struct BulkColumn: Sendable {
    let name: String
    let sqlType: String
    /// Nullable columns send nil as `''` in `unnest` binds (arrays of optionals are not encodable)
    /// and read `''` back as NULL, so an empty string is not storable in them.
    let nullable: Bool

    init(_ name: String, _ sqlType: String, nullable: Bool = false) {
        self.name = name
        self.sqlType = sqlType
        self.nullable = nullable
    }

    /// The expression turning the text column `source.name` into the stored value.
    func expression(from source: String) -> String {
        let text = nullable ? "NULLIF(\(source).\(name), '')" : "\(source).\(name)"
        return sqlType == "text" ? text : "\(text)::\(sqlType)"
    }
}

/// `timestamptz` text for the bulk binds (`YYYY-MM-DD HH:MM:SS.ffffff+00`) from microseconds since 1970,
/// written by hand: Foundation's formatters cost more than the rest of a row's encoding.
enum TimestampText {
    static func utc(microseconds: Int64) -> String {
        let perDay: Int64 = 86_400_000_000
        var days = microseconds / perDay
        var dayMicros = microseconds % perDay
        if dayMicros < 0 { (days, dayMicros) = (days - 1, dayMicros + perDay) }
        let seconds = dayMicros / 1_000_000
        return LocalDate(daysSinceEpoch: Int(days)).description + " "
            + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
            + "." + pad(dayMicros % 1_000_000, 6) + "+00"
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
