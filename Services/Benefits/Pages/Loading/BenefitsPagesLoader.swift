import Foundation
import InsuranceDomain
import Logging
import PostgresNIO

/// Reads what the pages show from the benefits database: two queries per page.
public struct BenefitsPagesLoader: Sendable {
    public let client: PostgresClient
    public let policy: PolicyBook
    public let logger: Logger
    /// The day pages are drawn for; China Standard Time by default.
    public let today: @Sendable () -> LocalDate

    public init(
        client: PostgresClient, policy: PolicyBook, logger: Logger = Logger(label: "benefits.pages"),
        today: @escaping @Sendable () -> LocalDate = BenefitsPagesLoader.chinaToday
    ) {
        self.client = client
        self.policy = policy
        self.logger = logger
        self.today = today
    }

    @Sendable public static func chinaToday() -> LocalDate {
        Timestamp(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000)).chinaDate
    }

    /// The person's timeline, or nil when nothing at all is stored for the person.
    public func timeline(personId: String) async throws -> PersonTimeline? {
        var payloads: [String] = []
        let events = try await client.query(
            "SELECT payload FROM events WHERE person_id = \(personId) ORDER BY event_time, source, event_id",
            logger: logger)
        for try await payload in events.decode(String.self) { payloads.append(payload) }

        // Periods and both kinds of binding in one round trip, as JSON in the rows' Codable shape.
        let derivedRows = try await client.query("""
            SELECT
              coalesce((SELECT json_agg(json_build_object(
                  'policyYear', policy_year, 'startsOn', to_char(starts_on, 'YYYY-MM-DD'),
                  'endsOn', to_char(ends_on, 'YYYY-MM-DD'), 'startMonth', start_month, 'basis', basis)
                  ORDER BY starts_on, ends_on)
                FROM coverage_periods WHERE person_id = \(personId)), '[]')::text,
              coalesce((SELECT json_agg(json_build_object(
                  'facilityCode', facility_code, 'facilityKind', facility_kind, 'hospitalLevel', hospital_level,
                  'boundOn', to_char(bound_on, 'YYYY-MM-DD'), 'endsOn', to_char(ends_on, 'YYYY-MM-DD'),
                  'status', status, 'reason', reason)
                  ORDER BY bound_on)
                FROM facility_bindings WHERE person_id = \(personId)), '[]')::text,
              coalesce((SELECT json_agg(json_build_object(
                  'authoriserId', authoriser_id, 'relationship', relationship,
                  'boundOn', to_char(bound_on, 'YYYY-MM-DD'), 'revokedOn', to_char(revoked_on, 'YYYY-MM-DD'),
                  'rank', rank, 'status', status, 'reason', reason)
                  ORDER BY bound_on, rank NULLS LAST)
                FROM family_account_bindings WHERE person_id = \(personId)), '[]')::text
            """, logger: logger)
        var derived = PersonResult()
        let decoder = JSONDecoder()
        for try await (periods, facility, family) in derivedRows.decode((String, String, String).self) {
            derived.periods = try decoder.decode([CoveragePeriodRow].self, from: Data(periods.utf8))
            derived.facilityBindings = try decoder.decode([FacilityBindingRow].self, from: Data(facility.utf8))
            derived.familyBindings = try decoder.decode([FamilyAccountBindingRow].self, from: Data(family.utf8))
        }
        if payloads.isEmpty && derived == PersonResult() { return nil }
        return PersonTimeline.assemble(personId: personId, asOf: today(), payloads: payloads, derived: derived, policy: policy)
    }

    /// The city overview: covered people by month and basis, totals, top refusals, sample persons.
    public func overview(refusalLimit: Int = 8, personLimit: Int = 12) async throws -> CityOverview {
        var overview = CityOverview()
        var byMonth: [String: MonthCoverage] = [:]
        let months = try await client.query("SELECT month, basis, covered FROM coverage_by_month", logger: logger)
        for try await (month, basis, covered) in months.decode((String, String, Int).self) {
            var row = byMonth[month] ?? MonthCoverage(month: month)
            switch basis {
            case "annual": row.annual = Saturating.add(row.annual, covered)
            case "newborn": row.newborn = Saturating.add(row.newborn, covered)
            default: row.monthAfterPayment = Saturating.add(row.monthAfterPayment, covered)
            }
            byMonth[month] = row
        }
        overview.months = byMonth.values.sorted { $0.month < $1.month }

        // Persons with the longest histories first: theirs are the timelines worth a look.
        let totals = try await client.query("""
            SELECT (SELECT count(DISTINCT person_id) FROM coverage_periods),
                   (SELECT count(*) FROM events),
                   (SELECT count(*) FROM rejected_events),
                   ARRAY(SELECT coalesce(type, '') FROM rejections_by_reason ORDER BY rejected DESC, reason LIMIT \(refusalLimit)),
                   ARRAY(SELECT reason FROM rejections_by_reason ORDER BY rejected DESC, reason LIMIT \(refusalLimit)),
                   ARRAY(SELECT rejected FROM rejections_by_reason ORDER BY rejected DESC, reason LIMIT \(refusalLimit)),
                   ARRAY(SELECT person_id::text FROM persons ORDER BY event_count DESC, person_id LIMIT \(personLimit))
            """, logger: logger)
        for try await (covered, stored, refused, types, reasons, counts, persons)
            in totals.decode((Int, Int, Int, [String], [String], [Int], [String]).self)
        {
            overview.personsWithCoverage = covered
            overview.eventsStored = stored
            overview.eventsRefused = refused
            overview.topRefusals = zip(zip(types, reasons), counts).map { pair, count in
                RefusalCount(type: pair.0.isEmpty ? nil : pair.0, reason: pair.1, count: count)
            }
            overview.samplePersons = persons
        }
        return overview
    }
}
