import Foundation

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

    /// The derived rows of many persons, ready to write.
    static func derivedRows(
        _ results: [(personId: String, result: PersonResult)]
    ) -> (
        periods: BulkRows, facility: BulkRows, family: BulkRows, facts: BulkRows
    ) {
        var periods = BulkRows(columns: coveragePeriods)
        var facility = BulkRows(columns: facilityBindings)
        var family = BulkRows(columns: familyAccountBindings)
        var facts = BulkRows(columns: personFacts)
        for (personId, result) in results {
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
        return (periods, facility, family, facts)
    }
}
