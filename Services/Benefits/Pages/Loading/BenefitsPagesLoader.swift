import Foundation
import InsuranceDomain
import Logging
import PostgresNIO

/// Reads what the pages show from the benefits database: a person's timeline through the
/// coverage API's statements (`BenefitsStore`), the city's figures in three queries.
struct BenefitsPagesLoader: Sendable {
    let client: PostgresClient
    let policy: PolicyBook
    let logger: Logger
    /// The day pages are drawn for; China Standard Time by default.
    let today: @Sendable () -> LocalDate
    /// The longest one page's reads may take before they fail with `DatabaseUnreachable`
    /// (nil: no limit; see `PostgresClient.withReadConnection`).
    let readLimit: Duration?

    init(
        client: PostgresClient,
        policy: PolicyBook,
        logger: Logger = Logger(label: "benefits.pages"),
        readLimit: Duration? = nil,
        today: @escaping @Sendable () -> LocalDate = BenefitsPagesLoader.chinaToday
    ) {
        self.client = client
        self.policy = policy
        self.logger = logger
        self.readLimit = readLimit
        self.today = today
    }

    @Sendable static func chinaToday() -> LocalDate {
        Timestamp(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000)).chinaDate
    }

    /// The person's timeline, or nil when nothing at all is stored for the person.
    ///
    /// Read through the same statements as the coverage API (`BenefitsStore`), so the
    /// page and `/v1/persons/{personId}/coverage` always show the same stored rows.
    func timeline(personId: String) async throws -> PersonTimeline? {
        let store = BenefitsStore(client: client, logger: logger, readLimit: readLimit)
        async let history = store.history(personId: personId)
        async let periods = store.coverage(personId: personId)
        async let facilities = store.facilityBindings(personId: personId)
        async let family = store.familyBindings(personId: personId)
        // The page lists family accounts in the order they were bound (the API in rank order).
        let derived = PersonResult(
            periods: try await periods,
            facilityBindings: try await facilities,
            familyBindings: try await family.sorted {
                ($0.boundOn, $0.rank ?? Int.max, $0.authoriserId) < ($1.boundOn, $1.rank ?? Int.max, $1.authoriserId)
            }
        )
        let payloads = try await history.map(\.payload)
        if payloads.isEmpty && derived == PersonResult() { return nil }
        return PersonTimeline.assemble(personId: personId, asOf: today(), payloads: payloads, derived: derived, policy: policy)
    }

    /// The city overview: covered people by month and basis, totals, top refusals, sample persons.
    func overview(refusalLimit: Int = 8, personLimit: Int = 12) async throws -> CityOverview {
        let logger = self.logger
        return try await client.withReadConnection(within: readLimit) { connection in
            try await Self.overview(on: connection, refusalLimit: refusalLimit, personLimit: personLimit, logger: logger)
        }
    }

    private static func overview(
        on connection: PostgresConnection,
        refusalLimit: Int,
        personLimit: Int,
        logger: Logger
    ) async throws -> CityOverview {
        var overview = CityOverview()
        var byMonth: [String: MonthCoverage] = [:]
        let months = try await connection.rows(
            "SELECT month, basis, covered FROM coverage_by_month",
            decoding: (String, String, Int).self,
            logger: logger
        )
        for (month, basis, covered) in months {
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
        let totals = try await connection.rows(
            """
            SELECT (SELECT count(DISTINCT person_id) FROM coverage_periods),
                   (SELECT count(*) FROM events),
                   (SELECT count(*) FROM rejected_events),
                   ARRAY(SELECT coalesce(type, '') FROM rejections_by_reason ORDER BY rejected DESC, reason LIMIT \(refusalLimit)),
                   ARRAY(SELECT reason FROM rejections_by_reason ORDER BY rejected DESC, reason LIMIT \(refusalLimit)),
                   ARRAY(SELECT rejected FROM rejections_by_reason ORDER BY rejected DESC, reason LIMIT \(refusalLimit)),
                   ARRAY(SELECT person_id::text FROM persons ORDER BY event_count DESC, person_id LIMIT \(personLimit))
            """,
            decoding: (Int, Int, Int, [String], [String], [Int], [String]).self,
            logger: logger
        )
        for (covered, stored, refused, types, reasons, counts, persons) in totals {
            overview.personsWithCoverage = covered
            overview.eventsStored = stored
            overview.eventsRefused = refused
            overview.topRefusals = zip(zip(types, reasons), counts).map { pair, count in
                RefusalCount(type: pair.0.isEmpty ? nil : pair.0, reason: pair.1, count: count)
            }
            overview.samplePersons = persons
        }
        // The two latest cohorts: the year of the latest coverage and the next one, whose
        // cohort that coverage forms.
        let renewals = try await connection.rows(
            """
            SELECT policy_year, status, count(*)::int8 FROM renewal_outlook
            WHERE policy_year >= (SELECT max(policy_year) FROM coverage_periods)
            GROUP BY policy_year, status
            """,
            decoding: (Int, String, Int).self,
            logger: logger
        )
        var tallies: [Int: RenewalTally] = [:]
        for (year, status, count) in renewals {
            tallies[year, default: RenewalTally(policyYear: year)].counts[status] = count
        }
        overview.renewals = tallies.values.sorted { $0.policyYear > $1.policyYear }
        return overview
    }
}
