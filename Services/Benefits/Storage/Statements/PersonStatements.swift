import Foundation
import PostgresNIO

/// The fixed-shape queries, prepared once per connection (one file each in `Statements/`).
enum Statements {}

extension Statements {
    /// A prepared statement about one person: its one parameter (`$1`) is the person's id.
    protocol PersonStatement: PostgresPreparedStatement {
        var personId: String { get }
    }
}

extension Statements.PersonStatement {
    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(personId)
        return bindings
    }
}

extension Statements {
    struct LoadCoverage: PersonStatement {
        static let sql = """
            SELECT policy_year, to_char(starts_on, 'YYYY-MM-DD'), to_char(ends_on, 'YYYY-MM-DD'), start_month, basis
            FROM coverage_periods WHERE person_id = $1 ORDER BY starts_on, ends_on
            """
        typealias Row = CoveragePeriodRow
        let personId: String

        func decodeRow(_ row: PostgresRow) throws -> CoveragePeriodRow {
            let (year, startsOn, endsOn, startMonth, basis) = try row.decode((Int, String, String, String, String).self)
            return CoveragePeriodRow(policyYear: year, startsOn: startsOn, endsOn: endsOn, startMonth: startMonth, basis: basis)
        }
    }
}

extension Statements {
    struct LoadFacilityBindings: PersonStatement {
        static let sql = """
            SELECT facility_code, facility_kind, hospital_level, to_char(bound_on, 'YYYY-MM-DD'),
                   to_char(ends_on, 'YYYY-MM-DD'), status, reason
            FROM facility_bindings WHERE person_id = $1 ORDER BY bound_on, facility_code
            """
        typealias Row = FacilityBindingRow
        let personId: String

        func decodeRow(_ row: PostgresRow) throws -> FacilityBindingRow {
            let (code, kind, level, boundOn, endsOn, status, reason) =
                try row.decode((String, String, Int?, String, String?, BindingStatus, String?).self)
            return FacilityBindingRow(
                facilityCode: code,
                facilityKind: kind,
                hospitalLevel: level,
                boundOn: boundOn,
                endsOn: endsOn,
                status: status,
                reason: reason
            )
        }
    }
}

extension Statements {
    struct LoadFamilyBindings: PersonStatement {
        static let sql = """
            SELECT authoriser_id, relationship, to_char(bound_on, 'YYYY-MM-DD'), to_char(revoked_on, 'YYYY-MM-DD'),
                   rank, status, reason
            FROM family_account_bindings WHERE person_id = $1 ORDER BY rank NULLS LAST, bound_on, authoriser_id
            """
        typealias Row = FamilyAccountBindingRow
        let personId: String

        func decodeRow(_ row: PostgresRow) throws -> FamilyAccountBindingRow {
            let (authoriser, relationship, boundOn, revokedOn, rank, status, reason) =
                try row.decode((String, String, String, String?, Int?, BindingStatus, String?).self)
            return FamilyAccountBindingRow(
                authoriserId: authoriser,
                relationship: relationship,
                boundOn: boundOn,
                revokedOn: revokedOn,
                rank: rank,
                status: status,
                reason: reason
            )
        }
    }
}

extension Statements {
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
                source: source,
                eventId: eventId,
                type: type,
                personId: personId,
                eventTime: eventTime,
                payload: payload
            )
        }
    }
}
