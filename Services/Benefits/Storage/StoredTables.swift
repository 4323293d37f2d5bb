import Foundation
import InsuranceDomain
import PostgresNIO

/// The bulk-written tables' columns and how rows become their values.
enum StoredTables {
    /// `events` as both insert paths bind it (`unnest` of arrays, `BatchWriter`).
    static let events = [
        BulkColumn("source", .text), BulkColumn("event_id", .text), BulkColumn("type", .text),
        BulkColumn("person_id", .text), BulkColumn("event_time", .timestamptz), BulkColumn("payload", .text),
        BulkColumn("topic", .text), BulkColumn("partition", .integer), BulkColumn("kafka_offset", .bigint),
    ]

    static func eventRows(_ events: some Collection<IncomingEvent>) -> BulkRows {
        var rows = BulkRows(columns: Self.events, capacity: events.count)
        for event in events {
            rows.append([
                .text(event.source), .text(event.eventId), .text(event.type), .text(event.personId),
                .timestamp(microseconds: event.eventTimeMicroseconds), .text(event.payload),
                .text(event.topic), .integer(Int(event.partition)), .integer(Int(event.offset)),
            ])
        }
        return rows
    }

    static let refusals = [
        BulkColumn("source", .text), BulkColumn("event_id", .text),
        BulkColumn("type", .text), BulkColumn("reason", .text), BulkColumn("payload", .text),
        BulkColumn("topic", .text), BulkColumn("partition", .integer), BulkColumn("kafka_offset", .bigint),
        BulkColumn("dead_letter_error", .text),
    ]

    /// Refusals must always be storable: text PostgreSQL cannot hold (NUL) is written as `\u0000`.
    static func refusalRows(_ refusals: [Refusal]) -> BulkRows {
        var rows = BulkRows(columns: Self.refusals, capacity: refusals.count)
        for refusal in refusals {
            rows.append([
                .text(refusal.source.map(storable)), .text(refusal.eventId.map(storable)), .text(refusal.type.map(storable)),
                .text(storable(refusal.reason)), .text(storable(refusal.payload)), .text(storable(refusal.topic)),
                .integer(Int(refusal.partition)), .integer(Int(refusal.offset)), .text(refusal.deadLetterError.map(storable)),
            ])
        }
        return rows
    }

    private static func storable(_ text: String) -> String {
        text.contains("\u{0}") ? text.replacingOccurrences(of: "\u{0}", with: "\\u0000") : text
    }

    static let coveragePeriods = [
        BulkColumn("person_id", .text), BulkColumn("policy_year", .integer), BulkColumn("starts_on", .date),
        BulkColumn("ends_on", .date), BulkColumn("start_month", .text), BulkColumn("basis", .text),
    ]

    static let facilityBindings = [
        BulkColumn("person_id", .text), BulkColumn("facility_code", .text), BulkColumn("facility_kind", .text),
        BulkColumn("hospital_level", .integer), BulkColumn("bound_on", .date),
        BulkColumn("ends_on", .date), BulkColumn("status", .text),
        BulkColumn("reason", .text),
    ]

    static let familyAccountBindings = [
        BulkColumn("person_id", .text), BulkColumn("authoriser_id", .text), BulkColumn("relationship", .text),
        BulkColumn("bound_on", .date), BulkColumn("revoked_on", .date),
        BulkColumn("rank", .integer), BulkColumn("status", .text),
        BulkColumn("reason", .text),
    ]

    static let personFacts = [
        BulkColumn("person_id", .text), BulkColumn("birth_date", .date),
        BulkColumn("age_limit_on", .date), BulkColumn("last_stop_on", .date),
    ]

    /// Each recomputed person's whole list of periods, as the coverage change feed's
    /// `data.periods` (docs/coverage-feed.md), for the outbox row of a person whose periods changed.
    static let periodLists = [BulkColumn("person_id", .text), BulkColumn("periods", .json)]

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
            JSONWriter.writeString(period.startsOn.description, into: &out)
            out.append(contentsOf: #","endsOn":"#.utf8)
            JSONWriter.writeString(period.endsOn.description, into: &out)
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
            lists.append([.text(personId), .text(periodList(result.periods))])
            if !result.facts.isEmpty {
                facts.append([.text(personId), .date(result.facts.birthDate), .date(result.facts.ageLimitOn), .date(result.facts.lastStopOn)])
            }
            for period in result.periods {
                periods.append([
                    .text(personId), .integer(period.policyYear), .date(period.startsOn), .date(period.endsOn),
                    .text(period.startMonth), .text(period.basis),
                ])
            }
            for binding in result.facilityBindings {
                facility.append([
                    .text(personId), .text(binding.facilityCode), .text(binding.facilityKind), .integer(binding.hospitalLevel),
                    .date(binding.boundOn), .date(binding.endsOn), .text(binding.status.rawValue), .text(binding.reason),
                ])
            }
            for binding in result.familyBindings {
                family.append([
                    .text(personId), .text(binding.authoriserId), .text(binding.relationship), .date(binding.boundOn),
                    .date(binding.revokedOn), .integer(binding.rank), .text(binding.status.rawValue), .text(binding.reason),
                ])
            }
        }
        return (periods, facility, family, facts, lists)
    }
}

/// Rows to write in one statement, held column by column in PostgreSQL's binary array format,
/// each column bound as one array parameter of `unnest`.
///
/// Why binary arrays and not text: every value used to travel as text and be parsed again by
/// PostgreSQL (dates, timestamps, numbers); typed elements are written once, straight into the
/// parameter's bytes, with no intermediate `String` per value, and a NULL is a NULL (no `''`
/// stand-in). PostgresNIO encodes arrays of non-optional values only, so the format is written
/// here (`BulkArray`, a few lines of the documented wire format).
struct BulkRows: Sendable {
    let columns: [BulkColumn]
    private(set) var arrays: [BulkArray]
    private(set) var count = 0

    init(columns: [BulkColumn], capacity: Int = 0) {
        self.columns = columns
        self.arrays = columns.map { BulkArray(wire: $0.kind.wire, capacity: capacity) }
    }

    /// Appends one row, a value per column in the columns' order. A value of another kind than
    /// its column's is a programming error; it is sent as it is and PostgreSQL refuses the
    /// statement ("incorrect binary data format"), it does not trap; a missing value is NULL.
    mutating func append(_ row: [BulkValue]) {
        for index in arrays.indices { arrays[index].append(index < row.count ? row[index] : .text(nil)) }
        count += 1
    }

    /// `a, b, …`: the column names, for an INSERT's target list.
    var columnList: String { columns.map(\.name).joined(separator: ", ") }

    /// The stored values of the columns of `source`, for a SELECT list.
    func selectList(from source: String) -> String {
        columns.map { $0.expression(from: source) }.joined(separator: ", ")
    }

    /// `unnest($1::text[], $2::date[], …) AS u(…)` with its binds.
    func unnestSource() -> (sql: String, bindings: PostgresBindings) {
        var bindings = PostgresBindings(capacity: columns.count)
        let sql = unnestSource(firstParameter: 1, appendingTo: &bindings)
        return (sql, bindings)
    }

    /// `unnest($n::text[], …) AS u(…)` numbered from `firstParameter`, for a statement with other
    /// parameters; the column arrays are appended to `bindings`.
    func unnestSource(firstParameter: Int, appendingTo bindings: inout PostgresBindings) -> String {
        for array in arrays { bindings.append(array) }
        let parameters = columns.indices.map { "$\(firstParameter + $0)::\(columns[$0].kind.wire.sqlArray)" }
        return "unnest(\(parameters.joined(separator: ", "))) AS u(\(columnList))"
    }

    /// `SELECT <columns> FROM unnest($1::text[], …) AS u(…)` with its binds.
    func unnestSelect() -> (sql: String, bindings: PostgresBindings) {
        let source = unnestSource()
        return ("SELECT \(selectList(from: "u")) FROM \(source.sql)", source.bindings)
    }
}

/// A column written in bulk: its name and the kind of value it stores.
struct BulkColumn: Sendable {
    let name: String
    let kind: Kind

    init(_ name: String, _ kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// The stored column's type.
    enum Kind: Sendable {
        case text, integer, bigint, date, timestamptz, json

        /// How values of the kind travel. `integer` travels as `int8` and is cast by the
        /// statement, so a value beyond `integer` is refused by PostgreSQL (22003, the row's
        /// fault) rather than cut here; `json` travels as text and is parsed by PostgreSQL.
        var wire: BulkArray.Wire {
            switch self {
            case .text, .json: .text
            case .integer, .bigint: .int8
            case .date: .date
            case .timestamptz: .timestamptz
            }
        }
    }

    /// The expression turning the unnested column `source.name` into the stored value.
    func expression(from source: String) -> String {
        switch kind {
        case .integer: "\(source).\(name)::integer"
        case .json: "\(source).\(name)::json"
        case .text, .bigint, .date, .timestamptz: "\(source).\(name)"
        }
    }
}

/// One value of a bulk row.
enum BulkValue: Sendable {
    /// nil is NULL, as for the other kinds.
    case text(String?)
    case integer(Int?)
    case date(LocalDate?)
    /// Microseconds since 1970-01-01 00:00 UTC.
    case timestamp(microseconds: Int64)
}

/// One column's values as a one-dimensional PostgreSQL array in the binary wire format
/// (`array_send`): a header (dimensions, has-NULL flag, element type, length, lower bound 1),
/// then each element as its byte count (-1 for NULL) and its binary value.
struct BulkArray: PostgresDynamicTypeEncodable, Sendable {
    /// The element types bulk columns travel as.
    enum Wire: Sendable {
        case text, int8, date, timestamptz

        var element: PostgresDataType {
            switch self {
            case .text: .text
            case .int8: .int8
            case .date: .date
            case .timestamptz: .timestamptz
            }
        }

        var array: PostgresDataType {
            switch self {
            case .text: .textArray
            case .int8: .int8Array
            case .date: .dateArray
            case .timestamptz: .timestamptzArray
            }
        }

        /// The parameter's type in SQL (`text[]`).
        var sqlArray: String {
            switch self {
            case .text: "text[]"
            case .int8: "int8[]"
            case .date: "date[]"
            case .timestamptz: "timestamptz[]"
            }
        }
    }

    let wire: Wire
    private var elements: ByteBuffer
    private var count: Int32 = 0
    private var hasNull = false

    /// Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch for `date` and `timestamptz`.
    static let postgresEpochDays = 10_957

    init(wire: Wire, capacity: Int) {
        self.wire = wire
        let perElement = wire == .text ? 24 : 12
        self.elements = ByteBufferAllocator().buffer(capacity: min(max(capacity, 0), 1 << 20) * perElement)
    }

    mutating func append(_ value: BulkValue) {
        count &+= 1
        switch value {
        case .text(nil), .integer(nil), .date(nil):
            hasNull = true
            elements.writeInteger(Int32(-1))
        case .text(let text?):
            let lengthAt = elements.writerIndex
            elements.writeInteger(Int32(0))
            let written = elements.writeString(text)
            elements.setInteger(Int32(truncatingIfNeeded: written), at: lengthAt)
        case .integer(let number?):
            elements.writeInteger(Int32(8))
            elements.writeInteger(Int64(number))
        case .date(let day?):
            elements.writeInteger(Int32(4))
            elements.writeInteger(Int32(truncatingIfNeeded: day.daysSinceEpoch - Self.postgresEpochDays))
        case .timestamp(let microseconds):
            elements.writeInteger(Int32(8))
            elements.writeInteger(microseconds &- Int64(Self.postgresEpochDays) &* 86_400_000_000)
        }
    }

    var psqlType: PostgresDataType { wire.array }
    var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeInteger(Int32(count == 0 ? 0 : 1))
        buffer.writeInteger(Int32(hasNull ? 1 : 0))
        buffer.writeInteger(Int32(bitPattern: wire.element.rawValue))
        if count > 0 {
            buffer.writeInteger(count)
            buffer.writeInteger(Int32(1))
        }
        var elements = elements
        buffer.writeBuffer(&elements)
    }
}
