import Foundation
import InsuranceDomain
import SampleCity
import Testing

@testable import Benefits

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Pages and the API render anything that was stored: thousands of valid-but-extreme
/// histories (fixed seed) evaluated by the engine and rendered through the person timeline,
/// the city overview and the coverage JSON, in-process; plus data stored before today's
/// limits (years 1 and 9999, counts at Int.max, control characters in text).
@Suite("Pages and API: rendering fuzz", .timeLimit(.minutes(5)))
struct RenderFuzzTests {
    static let histories = 3_000
    static let seed: UInt64 = 13_2026
    static let asOfDays = ["1900-01-01", "2026-11-30", "2200-12-31", "0001-01-01", "9999-12-31"]

    /// Well-formed output: one whole document, data never opens a tag, no control characters.
    static func expectWellFormed(_ html: String, _ what: String) {
        #expect(html.hasPrefix("<!DOCTYPE html>"), "\(what)")
        #expect(html.hasSuffix("</html>"), "\(what)")
        #expect(!html.lowercased().contains("<script"), "\(what): markup from data reached the page")
        #expect(!html.contains("<img"), "\(what)")
        #expect(!html.unicodeScalars.contains { $0 != "\n" && TextRules.isControl($0) }, "\(what): a control character")
        #expect(html.utf8.count < 4_000_000, "\(what): \(html.utf8.count) bytes")
    }

    static func expectJSON(_ bytes: [UInt8], _ what: String) {
        let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        #expect(object?["personId"] is String, "\(what): not a coverage document")
    }

    @Test("3,000 extreme histories render through both pages and the coverage JSON")
    func extremeHistoriesRender() throws {
        var generator = ExtremeHistories(seed: Self.seed)
        var generated = 0
        var valid = 0
        var months: [String: MonthCoverage] = [:]
        var refusals: [RefusalCount] = []
        var types = Set<String>()
        let started = ContinuousClock.now
        let cpuStarted = Self.threadCPUSeconds()
        for index in 0..<Self.histories {
            let person = "F\(index)-" + generator.identifier().prefix(40)
            let (events, count) = generator.history(person: person)
            generated += count
            valid += events.count
            types.formUnion(events.map(\.type))
            let coverage = CoverageEngine.evaluate(personId: person, events: events, policy: .bundledDefaults)
            let rows = CoverageRecomputation.rows(coverage, events: events)
            let asOf = LocalDate(generator.pick(Self.asOfDays)) ?? .minimum
            let timeline = PersonTimeline.assemble(
                personId: person,
                asOf: asOf,
                payloads: events.map { String(decoding: $0.structuredJSON, as: UTF8.self) },
                derived: rows,
                policy: .bundledDefaults
            )
            #expect(timeline.unreadableEvents == 0, "stored events that validated must read back")
            Self.expectWellFormed(PersonTimelinePage.render(timeline, with: PagesFixtures.templates), "person \(index)")

            let day = LocalDate(generator.pick(Self.asOfDays))
            let response = CoverageResponse.assemble(
                personId: person,
                periods: rows.periods,
                facilities: rows.facilityBindings,
                family: rows.familyBindings,
                asOf: asOf,
                day: day,
                coverage: coverage,
                policy: .bundledDefaults
            )
            Self.expectJSON(response.json(), "coverage of person \(index)")

            for period in coverage.periods {
                var month = months[period.startMonth] ?? MonthCoverage(month: period.startMonth)
                switch period.basis {
                case .annual: month.annual += 1
                case .newborn: month.newborn += 1
                case .monthAfterPayment: month.monthAfterPayment += 1
                }
                months[period.startMonth] = month
            }
            refusals += coverage.refused.prefix(1).map { RefusalCount(type: nil, reason: $0.reason, count: 1) }
        }
        #expect(types == Set(InsuranceEventType.allCases.map(\.rawValue)), "every event type was generated valid")
        #expect(valid * 2 > generated, "most generated events are valid (\(valid) of \(generated))")
        let overview = CityOverview(
            months: months.values.sorted { $0.month < $1.month },
            personsWithCoverage: Int.max,
            eventsStored: valid,
            eventsRefused: generated - valid,
            topRefusals: Array(refusals.prefix(8)),
            samplePersons: ["F0-<script>", "F1\u{0}"]
        )
        Self.expectWellFormed(CityOverviewPage.render(overview, with: PagesFixtures.templates), "city")
        // The CPU time is printed, not asserted: a bound on it failed on a slower machine of the
        // same kind (61 s against 60) without any change to rendering. Speed is the pages
        // benchmark's to measure (`insurance-bench pages`, docs/benchmarks.md).
        let cpu = Self.threadCPUSeconds() - cpuStarted
        print(
            "render fuzz: \(Self.histories) histories, \(generated) events generated, \(valid) valid, \(cpu) s CPU, \(ContinuousClock.now - started) wall"
        )
    }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func period(_ from: String, _ to: String, year: Int = 2024) -> CoveragePeriodRow {
        CoveragePeriodRow(
            policyYear: year,
            startsOn: LocalDate(stringLiteral: from),
            endsOn: LocalDate(stringLiteral: to),
            startMonth: String(from.prefix(7)),
            basis: "annual"
        )
    }

    /// Rows and events stored before the limits existed: the ends of the calendar, the
    /// largest integers, control characters and markup in every text.
    static var storedBeforeTheLimits: [PersonTimeline] {
        let asOfs: [LocalDate] = [.minimum, .maximum, LocalDate("2026-11-30")]
        return asOfs.flatMap { asOf -> [PersonTimeline] in
            [
                PersonTimeline(personId: "stop-9999", asOf: asOf, stop: TimelineStop(effectiveOn: .maximum, reason: "far future")),
                PersonTimeline(
                    personId: "born-year-1",
                    asOf: asOf,
                    registeredOn: .minimum,
                    periods: [period("0001-01-01", "0001-09-30", year: 0)]
                ),
                PersonTimeline(
                    personId: "everything",
                    asOf: asOf,
                    registeredOn: .minimum,
                    periods: [
                        period("0001-01-01", "9999-12-31", year: Int.max), period("9999-12-31", "9999-12-31", year: Int.min),
                        period("9999-12-31", "0001-01-01", year: 1), period("2024-10-01", "2025-09-30"),
                    ],
                    payments: [
                        TimelinePayment(paymentId: "<script>", policyYear: Int.max, amountFen: Int.max, dueFen: Int.min, paidOn: .maximum),
                        TimelinePayment(
                            paymentId: "p\u{0}",
                            policyYear: Int.min,
                            amountFen: Int.min,
                            dueFen: 0,
                            paidOn: .minimum,
                            reversal: TimelineReversal(reversedOn: .maximum, reason: "</svg><script>\u{2028}\u{0}")
                        ),
                    ],
                    stop: TimelineStop(effectiveOn: .minimum, reason: "<script>alert(1)</script>\u{1B}"),
                    facilityBindings: [
                        FacilityBindingRow(
                            facilityCode: "<b>\u{0}",
                            facilityKind: "hospital",
                            hospitalLevel: Int.max,
                            boundOn: "0001-01-01",
                            endsOn: "9999-12-31",
                            status: .accepted
                        ),
                        FacilityBindingRow(facilityCode: "x", facilityKind: "<script>", boundOn: "9999-12-31", status: .refused, reason: "<script>"),
                    ],
                    familyBindings: [
                        FamilyAccountBindingRow(
                            authoriserId: "<i>",
                            relationship: "<script>",
                            boundOn: "9999-12-31",
                            revokedOn: "0001-01-01",
                            rank: Int.max,
                            status: .accepted
                        )
                    ]
                ),
            ]
        }
    }

    @Test("data stored before the limits (years 1 and 9999, Int.max, control characters) renders")
    func storedBeforeTheLimitsRenders() throws {
        for timeline in Self.storedBeforeTheLimits {
            Self.expectWellFormed(PersonTimelinePage.render(timeline, with: PagesFixtures.templates), "\(timeline.personId) as of \(timeline.asOf)")
            _ = timeline.gaps
        }
        let months = [
            MonthCoverage(month: "0001-01", annual: Int.max, newborn: Int.max, monthAfterPayment: Int.max),
            MonthCoverage(month: "9999-12", annual: Int.min, newborn: -1), MonthCoverage(month: "<script>"),
        ]
        let overview = CityOverview(
            months: months,
            personsWithCoverage: Int.min,
            eventsStored: Int.max,
            eventsRefused: Int.max,
            topRefusals: [RefusalCount(type: "<script>", reason: "\u{0}<script>", count: Int.max)],
            samplePersons: ["<script>"]
        )
        Self.expectWellFormed(CityOverviewPage.render(overview, with: PagesFixtures.templates), "city at the extremes")
        for value in [Int.min, -1, 0, 1, Int.max / 4, Int.max - 3, Int.max] {
            #expect(CityOverviewPage.niceCeiling(value) >= 4)
        }
    }

    @Test("the coverage JSON of stored rows at the extremes, on any day")
    func coverageJSONAtTheExtremes() throws {
        let rows = Self.storedBeforeTheLimits[2]
        for day in [LocalDate.minimum, .maximum, nil] {
            let response = CoverageResponse.assemble(
                personId: "everything",
                periods: rows.periods,
                facilities: rows.facilityBindings,
                family: rows.familyBindings,
                asOf: day ?? .maximum,
                day: day,
                coverage: CoverageEngine.evaluate(personId: "everything", events: [], policy: .bundledDefaults),
                policy: .bundledDefaults
            )
            Self.expectJSON(response.json(), "coverage on \(day.map(\.description) ?? "today")")
        }
    }
}
