import Foundation

/// The bulk-written tables' columns and how rows become text for them.
enum StoredTables {
    /// `events` as every write path sends it: COPY straight into the table, COPY into a staging
    /// table of text columns, or `unnest` binds; `event_time` as `timestamptz` text.
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

    /// The derived rows of many persons, ready to write; `rewrite` says per person and table
    /// (`DerivedTable`) whether its rows are written (all, by default).
    static func derivedRows(
        _ results: [(personId: String, result: PersonResult)],
        rewrite: (_ index: Int, _ table: DerivedTable) -> Bool = { _, _ in true }
    ) -> (
        periods: BulkRows, facility: BulkRows, family: BulkRows, facts: BulkRows
    ) {
        var periods = BulkRows(columns: coveragePeriods)
        var facility = BulkRows(columns: facilityBindings)
        var family = BulkRows(columns: familyAccountBindings)
        var facts = BulkRows(columns: personFacts)
        for (index, (personId, result)) in results.enumerated() {
            if rewrite(index, .facts), !result.facts.isEmpty {
                facts.append([personId, result.facts.birthDate, result.facts.ageLimitOn, result.facts.lastStopOn])
            }
            for period in result.periods where rewrite(index, .periods) {
                periods.append([
                    personId, String(period.policyYear), period.startsOn, period.endsOn, period.startMonth, period.basis,
                ])
            }
            for binding in result.facilityBindings where rewrite(index, .facility) {
                facility.append([
                    personId, binding.facilityCode, binding.facilityKind, binding.hospitalLevel.map(String.init),
                    binding.boundOn, binding.endsOn, binding.status.rawValue, binding.reason,
                ])
            }
            for binding in result.familyBindings where rewrite(index, .family) {
                family.append([
                    personId, binding.authoriserId, binding.relationship, binding.boundOn, binding.revokedOn,
                    binding.rank.map(String.init), binding.status.rawValue, binding.reason,
                ])
            }
        }
        return (periods, facility, family, facts)
    }
}

/// The derived tables of a person, in the order of `persons.derived_digests`.
enum DerivedTable: Int, CaseIterable {
    case periods, facility, family, facts
}

/// FNV-1a (64 bits) of a person's rows per derived table, as written: equal digests mean the
/// same rows, so the table need not be rewritten (migration 0009). Stable across processes
/// and releases of Swift, unlike `Hasher`; a change of the row format only costs one rewrite.
enum DerivedDigest {
    static func of(_ result: PersonResult) -> [Int64] {
        var digests = [Int64](repeating: 0, count: DerivedTable.allCases.count)
        digests[DerivedTable.periods.rawValue] = digest(
            result.periods.map { [String($0.policyYear), $0.startsOn, $0.endsOn, $0.startMonth, $0.basis] }
        )
        digests[DerivedTable.facility.rawValue] = digest(
            result.facilityBindings.map {
                [$0.facilityCode, $0.facilityKind, $0.hospitalLevel.map(String.init), $0.boundOn, $0.endsOn, $0.status.rawValue, $0.reason]
            }
        )
        digests[DerivedTable.family.rawValue] = digest(
            result.familyBindings.map {
                [$0.authoriserId, $0.relationship, $0.boundOn, $0.revokedOn, $0.rank.map(String.init), $0.status.rawValue, $0.reason]
            }
        )
        let facts = result.facts
        digests[DerivedTable.facts.rawValue] = digest(facts.isEmpty ? [] : [[facts.birthDate, facts.ageLimitOn, facts.lastStopOn]])
        return digests
    }

    /// Rows, each a list of values (nil distinct from empty), separated so that no two
    /// different lists of rows give the same bytes.
    static func digest(_ rows: [[String?]]) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        for row in rows {
            for value in row {
                if let value {
                    add(0x02)
                    for byte in value.utf8 { add(byte) }
                    add(0x1F)
                } else {
                    add(0x01)
                }
            }
            add(0x1E)
        }
        return Int64(bitPattern: hash)
    }
}
