import InsuranceDomain
import PostgresNIO

@testable import Benefits

/// Every derived row of the database as sorted lines, to compare a database with the domain's
/// answer or with itself before and after.
struct DerivedSnapshot: Equatable, CustomStringConvertible {
    var periods: [String] = []
    var facilities: [String] = []
    var family: [String] = []
    /// `person event_count`.
    var persons: [String] = []

    var description: String {
        (["periods:"] + periods + ["facilities:"] + facilities + ["family:"] + family + ["persons:"] + persons)
            .joined(separator: "\n")
    }

    /// The persons' lines only.
    func only(_ person: String) -> DerivedSnapshot {
        func mine(_ lines: [String]) -> [String] { lines.filter { $0.hasPrefix(person + " ") } }
        return DerivedSnapshot(periods: mine(periods), facilities: mine(facilities), family: mine(family), persons: mine(persons))
    }

    func without(_ person: String) -> DerivedSnapshot {
        func others(_ lines: [String]) -> [String] { lines.filter { !$0.hasPrefix(person + " ") } }
        return DerivedSnapshot(periods: others(periods), facilities: others(facilities), family: others(family), persons: others(persons))
    }

    static func read(_ client: PostgresClient) async throws -> DerivedSnapshot {
        func lines(_ query: PostgresQuery) async throws -> [String] {
            var lines: [String] = []
            for try await line in try await client.query(query, logger: TestDatabase.logger).decode(String.self) { lines.append(line) }
            return lines.sorted()
        }
        return DerivedSnapshot(
            periods: try await lines(
                """
                SELECT concat_ws(' ', person_id, policy_year, to_char(starts_on, 'YYYY-MM-DD'), to_char(ends_on, 'YYYY-MM-DD'),
                                 start_month, basis) FROM coverage_periods
                """
            ),
            facilities: try await lines(
                """
                SELECT concat_ws(' ', person_id, facility_code, facility_kind, coalesce(hospital_level::text, '-'),
                                 to_char(bound_on, 'YYYY-MM-DD'), coalesce(to_char(ends_on, 'YYYY-MM-DD'), '-'), status,
                                 coalesce(reason, '-')) FROM facility_bindings
                """
            ),
            family: try await lines(
                """
                SELECT concat_ws(' ', person_id, authoriser_id, relationship, to_char(bound_on, 'YYYY-MM-DD'),
                                 coalesce(to_char(revoked_on, 'YYYY-MM-DD'), '-'), coalesce(rank::text, '-'), status,
                                 coalesce(reason, '-')) FROM family_account_bindings
                """
            ),
            persons: try await lines("SELECT person_id || ' ' || event_count FROM persons")
        )
    }

    /// The domain's direct answer for a set of events: `CoverageEngine.evaluateAll` (every
    /// person, the family-account limit across persons), as rows.
    static func expected(_ events: [ValidatedEvent], policy: PolicyBook) -> DerivedSnapshot {
        var snapshot = DerivedSnapshot()
        let distinct = Dictionary(events.map { ($0.identity, $0) }, uniquingKeysWith: { first, _ in first }).values
        let byPerson = Dictionary(grouping: distinct, by: \.personId)
        for coverage in CoverageEngine.evaluateAll(events: events, policy: policy) {
            let person = coverage.personId
            let mine = byPerson[person] ?? []
            snapshot.persons.append("\(person) \(mine.count)")
            // Periods straight from the engine's values; bindings through the rows' mapping.
            snapshot.periods += coverage.periods.map {
                "\(person) \($0.policyYear) \($0.startsOn) \($0.endsOn) \($0.startMonth) \($0.basis.rawValue)"
            }
            let rows = CoverageRecomputation.rows(coverage, events: mine)
            snapshot.facilities += rows.facilityBindings.map {
                [
                    person, $0.facilityCode, $0.facilityKind, $0.hospitalLevel.map(String.init) ?? "-", $0.boundOn.description,
                    $0.endsOn?.description ?? "-", $0.status.rawValue, $0.reason ?? "-",
                ].joined(separator: " ")
            }
            snapshot.family += rows.familyBindings.map {
                [
                    person, $0.authoriserId, $0.relationship, $0.boundOn.description, $0.revokedOn?.description ?? "-",
                    $0.rank.map(String.init) ?? "-",
                    $0.status.rawValue, $0.reason ?? "-",
                ].joined(separator: " ")
            }
        }
        snapshot.periods.sort()
        snapshot.facilities.sort()
        snapshot.family.sort()
        snapshot.persons.sort()
        return snapshot
    }
}
