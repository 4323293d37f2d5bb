import InsuranceDomain
import RuleTables
import Testing

/// One row of the renewal table for policy year 2024: periods, age limit day, stops, and the standing.
struct RenewalCase: Sendable, CustomTestStringConvertible {
    let name: String
    /// `"<policyYear> <startsOn>"`.
    let periods: [String]
    let ageLimitOn: String?
    let stops: [String]
    /// nil: not in the cohort.
    let status: RenewalStatus?
    let firstCoveredOn: String?
    var testDescription: String { name }

    init(_ name: String, periods: [String], ageLimitOn: String? = nil, stops: [String] = [], _ status: RenewalStatus?, first: String? = nil) {
        self.name = name
        self.periods = periods
        self.ageLimitOn = ageLimitOn
        self.stops = stops
        self.status = status
        self.firstCoveredOn = first
    }

    var coveragePeriods: [CoveragePeriod] {
        periods.map { text in
            let parts = text.split(separator: " ")
            let year = Int(parts[0]) ?? 0
            return CoveragePeriod(
                policyYear: year,
                startsOn: Fixtures.date(String(parts[1])),
                endsOn: Fixtures.date("\(year + 1)-09-30"),
                basis: .annual
            )
        }
    }
}

@Suite("Renewal outlook")
struct RenewalOutlookTests {
    static let cases: [RenewalCase] = [
        RenewalCase("renewed on time: 2024 from 1 October", periods: ["2023 2023-10-01", "2024 2024-10-01"], .renewedOnTime, first: "2024-10-01"),
        RenewalCase("renewed late: 2024 from 1 December", periods: ["2023 2023-10-01", "2024 2024-12-01"], .renewedLate, first: "2024-12-01"),
        RenewalCase("not renewed", periods: ["2023 2023-10-01"], .notRenewed),
        RenewalCase("not renewed, with unknown age: never aged out", periods: ["2023 2023-10-01"], ageLimitOn: nil, .notRenewed),
        RenewalCase("stopped during 2023's coverage", periods: ["2023 2023-10-01"], stops: ["2024-06-01"], .stopped),
        RenewalCase("stopped after 2023's benefits ended, not renewed", periods: ["2023 2023-10-01"], stops: ["2024-11-01"], .stopped),
        RenewalCase(
            "a stop before the restored 2023 coverage does not count",
            periods: ["2023 2023-10-01", "2023 2024-02-01"],
            stops: ["2023-12-01"],
            .notRenewed
        ),
        RenewalCase(
            "renewed, then stopped: still renewed",
            periods: ["2023 2023-10-01", "2024 2024-10-01"],
            stops: ["2025-01-01"],
            .renewedOnTime,
            first: "2024-10-01"
        ),
        RenewalCase(
            "restored after a stop with a late start",
            periods: ["2023 2023-10-01", "2024 2025-01-01"],
            stops: ["2024-06-01"],
            .renewedLate,
            first: "2025-01-01"
        ),
        RenewalCase("turns 18 in August: aged out", periods: ["2023 2023-10-01"], ageLimitOn: "2024-08-20", .agedOut),
        RenewalCase("turns 18 on 1 September: not under 18 that day, aged out", periods: ["2023 2023-10-01"], ageLimitOn: "2024-09-01", .agedOut),
        RenewalCase("turns 18 on 2 September: still in the cohort", periods: ["2023 2023-10-01"], ageLimitOn: "2024-09-02", .notRenewed),
        RenewalCase(
            "aged out but paid for 2024 themselves: aged out, first day given",
            periods: ["2023 2023-10-01", "2024 2024-10-01"],
            ageLimitOn: "2024-05-01",
            .agedOut,
            first: "2024-10-01"
        ),
        RenewalCase("not covered in 2023: not in the cohort", periods: ["2024 2024-10-01"], nil),
        RenewalCase("covered only in 2022: not in 2024's cohort", periods: ["2022 2022-10-01"], nil),
        RenewalCase(
            "2024 newborn start before 1 October counts as on time",
            periods: ["2023 2024-07-10", "2024 2024-10-01"],
            .renewedOnTime,
            first: "2024-10-01"
        ),
    ]

    @Test("statuses", arguments: cases)
    func status(_ c: RenewalCase) {
        let standing = RenewalOutlook.standing(
            policyYear: 2024,
            periods: c.coveragePeriods,
            ageLimitReachedOn: c.ageLimitOn.map(Fixtures.date),
            stops: c.stops.map(Fixtures.date)
        )
        #expect(standing?.status == c.status)
        #expect(standing?.firstCoveredOn?.description == c.firstCoveredOn)
    }

    @Test("from events: the age limit comes from the registration's birth date, stops from stop events")
    func fromCoverage() {
        let person = "REN-1"
        let paid2023 = Fixtures.paid(person, year: 2023, at: "2023-09-10T10:00:00+08:00")
        let late2024 = Fixtures.paid(person, year: 2024, at: "2024-10-15T10:00:00+08:00")
        let lateCoverage = Fixtures.evaluate(person, [paid2023, late2024])
        #expect(
            RenewalOutlook.standing(policyYear: 2024, coverage: lateCoverage)
                == RenewalStanding(status: .renewedLate, firstCoveredOn: Fixtures.date("2024-11-01"))
        )

        // Born 2006-08-15: 18 on 2024-08-15.
        let adult = Fixtures.evaluate(
            person,
            [
                Fixtures.registered(person, born: "2006-08-15", applied: "2023-08-01", category: .pupil), paid2023,
            ]
        )
        #expect(adult.renewalAgeLimitReachedOn == Fixtures.date("2024-08-15"))
        #expect(RenewalOutlook.standing(policyYear: 2024, coverage: adult)?.status == .agedOut)

        let stopped = Fixtures.evaluate(person, [paid2023, Fixtures.stopped(person, on: "2024-03-01")])
        #expect(RenewalOutlook.standing(policyYear: 2024, coverage: stopped)?.status == .stopped)
        #expect(RenewalOutlook.standing(policyYear: 2025, coverage: stopped) == nil)
    }
}
