import ArgumentParser
import Benefits
import InsuranceDomain

/// `insurance-bench pages`: how long the HTML pages take to render (templates parsed once, as
/// at start): a person timeline over four policy years, one over forty (the most an axis
/// shows: 480 month ticks) and the city overview of 48 months. No database: render only.
struct PagesBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pages",
        abstract: "Render time of the person timeline and city overview pages (µs per page)."
    )

    @Option(help: "Pages of each kind rendered per round.")
    var pages = 2_000

    @Option(help: "Measured rounds (the best is reported; one warm-up round runs first).")
    var rounds = 3

    func run() async throws {
        let templates = try PageTemplates.bundled()
        let typical = Self.timeline(years: 4)
        let longest = Self.timeline(years: 40)
        let city = Self.city()
        for (name, render) in [
            ("timeline, 4 policy years", { PersonTimelinePage.render(typical, with: templates) }),
            ("timeline, 40 policy years", { PersonTimelinePage.render(longest, with: templates) }),
            ("city overview, 48 months", { CityOverviewPage.render(city, with: templates) }),
        ] as [(String, () -> String)] {
            let bytes = render().utf8.count
            let seconds = measure(rounds: rounds) {
                var total = 0
                for _ in 0..<pages { total &+= render().utf8.count }
                return total
            }
            print("\(name): \(pages) pages (\(bytes) bytes each) in \(format(seconds)) s = \(format(seconds / Double(pages) * 1e6)) µs/page")
        }
    }

    /// A person paying every year since `2026 - years`, with a reversal, bindings and a stop.
    static func timeline(years: Int) -> PersonTimeline {
        let first = 2026 - years
        let periods = (first..<2026).map { year in
            CoveragePeriodRow(
                policyYear: year,
                startsOn: .clamped(year: year, month: 10, day: 1),
                endsOn: .clamped(year: year + 1, month: 9, day: 30),
                startMonth: "\(year)-10",
                basis: "annual"
            )
        }
        var payments = (first..<2026).map { year in
            TimelinePayment(
                paymentId: "pay-\(year)",
                policyYear: year,
                amountFen: 43_632,
                dueFen: 43_632,
                paidOn: LocalDate.clamped(year: year, month: 8, day: 20)
            )
        }
        payments[payments.count - 1].reversal = TimelineReversal(
            reversedOn: LocalDate.clamped(year: 2025, month: 9, day: 1),
            reason: "bank returned the debit"
        )
        return PersonTimeline(
            personId: "BENCH-1",
            asOf: LocalDate.clamped(year: 2026, month: 3, day: 15),
            registeredOn: LocalDate.clamped(year: first, month: 8, day: 1),
            periods: periods,
            payments: payments,
            stop: TimelineStop(effectiveOn: LocalDate.clamped(year: 2026, month: 7, day: 1), reason: "moved away"),
            facilityBindings: [
                FacilityBindingRow(
                    facilityCode: "SK-0042",
                    facilityKind: "community_health_centre",
                    boundOn: .clamped(year: first, month: 10, day: 8),
                    status: .accepted
                ),
                FacilityBindingRow(
                    facilityCode: "H-3001",
                    facilityKind: "hospital",
                    hospitalLevel: 3,
                    boundOn: .clamped(year: 2025, month: 3, day: 2),
                    status: .refused,
                    reason: "a hospital must be of level 2 or below"
                ),
            ],
            familyBindings: [
                FamilyAccountBindingRow(
                    authoriserId: "E-77",
                    relationship: "parent",
                    boundOn: .clamped(year: 2024, month: 1, day: 15),
                    rank: 1,
                    status: .accepted
                )
            ]
        )
    }

    static func city() -> CityOverview {
        let months = (0..<48).map { index in
            let year = 2022 + (index + 9) / 12
            let month = (index + 9) % 12 + 1
            return MonthCoverage(
                month: "\(year)-" + (month < 10 ? "0" : "") + "\(month)",
                annual: 9_000 + index * 40,
                newborn: 150 + index * 12,
                monthAfterPayment: 800 + index * 55
            )
        }
        return CityOverview(
            months: months,
            personsWithCoverage: 10_512,
            eventsStored: 48_211,
            eventsRefused: 37,
            topRefusals: (0..<8).map { RefusalCount(type: "insurance.contribution.paid.v1", reason: "reason \($0)", count: 100 - $0) },
            samplePersons: (0..<12).map { "P-\($0)" },
            renewals: [RenewalTally(policyYear: 2026, counts: ["renewed_on_time": 9_000, "not_renewed": 400])]
        )
    }

    private func measure(rounds: Int, _ body: () -> Int) -> Double {
        let clock = ContinuousClock()
        _ = body()
        var best = Double.infinity
        for _ in 0..<max(1, rounds) {
            let start = clock.now
            _ = body()
            let elapsed = clock.now - start
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        return best
    }

    private func format(_ value: Double) -> String {
        if value >= 100 { return String(Int(value.rounded())) }
        return String((value * 100).rounded() / 100)
    }
}
