import Foundation
import InsuranceDomain
import PostgresNIO

/// The fixed-shape queries: SQL, binds and decoding in one type each (PostgresNIO's
/// `PostgresPreparedStatement` shape), sent as unnamed statements and read whole
/// (`PostgresConnection.rows(_:logger:)` says why).
enum Statements {}

extension Statements {
    /// A statement about one person: its one parameter (`$1`) is the person's id.
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

/// Statements whose rows the API reads per person and the what-if reads per batch of persons
/// (`BenefitsStore.whatIfBatch`): the columns, their order and the decoding are written once.
protocol DerivedRowsQuery {
    associatedtype Row
    /// The select list, without the person.
    static var columns: String { get }
    static var table: String { get }
    /// The order of a person's rows.
    static var order: String { get }
    /// The row from `cells`, starting at column `first`.
    static func row(_ cells: PostgresRandomAccessRow, from first: Int) throws -> Row
}

extension DerivedRowsQuery {
    /// One person's rows (`$1`).
    static var personSQL: String { "SELECT \(columns) FROM \(table) WHERE person_id = $1 ORDER BY \(order)" }

    /// The rows of persons `$1` (text[]), each led by its person id, in person order.
    static var personsSQL: String {
        "SELECT person_id::text, \(columns) FROM \(table) WHERE person_id = ANY($1::text[]) ORDER BY person_id, \(order)"
    }
}

extension Statements.PersonStatement where Self: DerivedRowsQuery {
    static var sql: String { personSQL }

    func decodeRow(_ row: PostgresRow) throws -> Row { try Self.row(PostgresRandomAccessRow(row), from: 0) }
}

extension Statements {
    struct LoadCoverage: PersonStatement, DerivedRowsQuery {
        static let columns = "policy_year, starts_on, ends_on, start_month, basis"
        static let table = "coverage_periods"
        static let order = "starts_on, ends_on"
        typealias Row = CoveragePeriodRow
        let personId: String

        static func row(_ cells: PostgresRandomAccessRow, from first: Int) throws -> CoveragePeriodRow {
            CoveragePeriodRow(
                policyYear: try cells[first].decode(Int.self),
                startsOn: try cells[first + 1].decode(LocalDate.self),
                endsOn: try cells[first + 2].decode(LocalDate.self),
                startMonth: try cells[first + 3].decode(String.self),
                basis: try cells[first + 4].decode(String.self)
            )
        }
    }

    struct LoadFacilityBindings: PersonStatement, DerivedRowsQuery {
        static let columns = """
            facility_code, facility_kind, hospital_level, bound_on, ends_on, status, reason
            """
        static let table = "facility_bindings"
        static let order = "bound_on, facility_code"
        typealias Row = FacilityBindingRow
        let personId: String

        static func row(_ cells: PostgresRandomAccessRow, from first: Int) throws -> FacilityBindingRow {
            FacilityBindingRow(
                facilityCode: try cells[first].decode(String.self),
                facilityKind: try cells[first + 1].decode(String.self),
                hospitalLevel: try cells[first + 2].decode(Int?.self),
                boundOn: try cells[first + 3].decode(LocalDate.self),
                endsOn: try cells[first + 4].decode(LocalDate?.self),
                status: try cells[first + 5].decode(BindingStatus.self),
                reason: try cells[first + 6].decode(String?.self)
            )
        }
    }

    struct LoadFamilyBindings: PersonStatement, DerivedRowsQuery {
        static let columns = """
            authoriser_id, relationship, bound_on, revoked_on, rank, status, reason
            """
        static let table = "family_account_bindings"
        static let order = "rank NULLS LAST, bound_on, authoriser_id"
        typealias Row = FamilyAccountBindingRow
        let personId: String

        static func row(_ cells: PostgresRandomAccessRow, from first: Int) throws -> FamilyAccountBindingRow {
            FamilyAccountBindingRow(
                authoriserId: try cells[first].decode(String.self),
                relationship: try cells[first + 1].decode(String.self),
                boundOn: try cells[first + 2].decode(LocalDate.self),
                revokedOn: try cells[first + 3].decode(LocalDate?.self),
                rank: try cells[first + 4].decode(Int?.self),
                status: try cells[first + 5].decode(BindingStatus.self),
                reason: try cells[first + 6].decode(String?.self)
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
