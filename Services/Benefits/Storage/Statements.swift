import Foundation
import PostgresNIO

/// The fixed-shape queries, prepared once per connection.
enum Statements {
    /// Every stored event of the given persons, in the order the coverage computation reads them.
    struct LoadHistory: PostgresPreparedStatement {
        static let sql = """
            SELECT source, event_id, type, person_id, event_time, payload FROM events
            WHERE person_id = ANY($1) ORDER BY person_id, event_time, source, event_id
            """
        typealias Row = StoredEvent
        let personIds: [String]

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(personIds)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> StoredEvent {
            let (source, eventId, type, personId, eventTime, payload) =
                try row.decode((String, String, String, String, Date, String).self)
            return StoredEvent(
                source: source, eventId: eventId, type: type, personId: personId, eventTime: eventTime, payload: payload)
        }
    }

    /// Moves a group's offsets forward, never back (a partition's late former owner must not rewind it).
    struct AdvanceOffsets: PostgresPreparedStatement {
        static let sql = """
            INSERT INTO consumer_offsets AS o (consumer_group, topic, partition, next_offset)
            SELECT $1, u.topic, u.partition, u.next_offset
            FROM unnest($2::text[], $3::int4[], $4::int8[]) AS u(topic, partition, next_offset)
            ON CONFLICT (consumer_group, topic, partition)
            DO UPDATE SET next_offset = GREATEST(o.next_offset, EXCLUDED.next_offset), updated_at = now()
            """
        typealias Row = ()
        let group: String
        let offsets: [TopicPartition: Int64]

        func makeBindings() throws -> PostgresBindings {
            let sorted = offsets.sorted { $0.key < $1.key }
            var bindings = PostgresBindings(capacity: 4)
            bindings.append(group)
            bindings.append(sorted.map(\.key.topic))
            bindings.append(sorted.map(\.key.partition))
            bindings.append(sorted.map(\.value))
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws {}
    }

    struct LoadOffsets: PostgresPreparedStatement {
        static let sql = "SELECT topic, partition, next_offset FROM consumer_offsets WHERE consumer_group = $1"
        typealias Row = (TopicPartition, Int64)
        let group: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(group)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> (TopicPartition, Int64) {
            let (topic, partition, next) = try row.decode((String, Int32, Int64).self)
            return (TopicPartition(topic: topic, partition: partition), next)
        }
    }

    struct LoadCoverage: PostgresPreparedStatement {
        static let sql = """
            SELECT policy_year, to_char(starts_on, 'YYYY-MM-DD'), to_char(ends_on, 'YYYY-MM-DD'), start_month, basis
            FROM coverage_periods WHERE person_id = $1 ORDER BY starts_on, ends_on
            """
        typealias Row = CoveragePeriodRow
        let personId: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(personId)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> CoveragePeriodRow {
            let (year, startsOn, endsOn, startMonth, basis) = try row.decode((Int, String, String, String, String).self)
            return CoveragePeriodRow(policyYear: year, startsOn: startsOn, endsOn: endsOn, startMonth: startMonth, basis: basis)
        }
    }

    struct LoadFacilityBindings: PostgresPreparedStatement {
        static let sql = """
            SELECT facility_code, facility_kind, hospital_level, to_char(bound_on, 'YYYY-MM-DD'),
                   to_char(ends_on, 'YYYY-MM-DD'), status, reason
            FROM facility_bindings WHERE person_id = $1 ORDER BY bound_on, facility_code
            """
        typealias Row = FacilityBindingRow
        let personId: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(personId)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> FacilityBindingRow {
            let (code, kind, level, boundOn, endsOn, status, reason) =
                try row.decode((String, String, Int?, String, String?, String, String?).self)
            return FacilityBindingRow(
                facilityCode: code, facilityKind: kind, hospitalLevel: level, boundOn: boundOn, endsOn: endsOn,
                status: status, reason: reason)
        }
    }

    struct LoadFamilyBindings: PostgresPreparedStatement {
        static let sql = """
            SELECT authoriser_id, relationship, to_char(bound_on, 'YYYY-MM-DD'), to_char(revoked_on, 'YYYY-MM-DD'),
                   rank, status, reason
            FROM family_account_bindings WHERE person_id = $1 ORDER BY rank NULLS LAST, bound_on, authoriser_id
            """
        typealias Row = FamilyAccountBindingRow
        let personId: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(personId)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> FamilyAccountBindingRow {
            let (authoriser, relationship, boundOn, revokedOn, rank, status, reason) =
                try row.decode((String, String, String, String?, Int?, String, String?).self)
            return FamilyAccountBindingRow(
                authoriserId: authoriser, relationship: relationship, boundOn: boundOn, revokedOn: revokedOn,
                rank: rank, status: status, reason: reason)
        }
    }
}
