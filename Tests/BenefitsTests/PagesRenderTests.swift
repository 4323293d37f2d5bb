import InsuranceDomain
import Testing

@testable import Benefits

@Suite("Pages: pure renderers")
struct PagesRenderTests {
    static func period(_ from: String, _ to: String, _ basis: String = "annual") -> CoveragePeriodRow {
        CoveragePeriodRow(
            policyYear: Int(from.prefix(4))!,
            startsOn: LocalDate(stringLiteral: from),
            endsOn: LocalDate(stringLiteral: to),
            startMonth: String(from.prefix(7)),
            basis: basis
        )
    }

    struct GapCase: Sendable, CustomTestStringConvertible {
        let name: String
        let registeredOn: String?
        let periods: [CoveragePeriodRow]
        let stop: String?
        let asOf: String
        let expected: [String]
        var testDescription: String { name }
    }

    static let gapCases: [GapCase] = [
        GapCase(
            name: "between two periods",
            registeredOn: nil,
            periods: [period("2024-10-01", "2025-09-30"), period("2025-11-01", "2026-09-30", "month_after_payment")],
            stop: nil,
            asOf: "2026-01-01",
            expected: ["2025-10-01…2025-10-31"]
        ),
        GapCase(
            name: "before the first period, after registration",
            registeredOn: "2024-10-15",
            periods: [period("2024-11-01", "2025-09-30", "month_after_payment")],
            stop: nil,
            asOf: "2025-01-01",
            expected: ["2024-10-15…2024-10-31"]
        ),
        GapCase(
            name: "contiguous periods leave none",
            registeredOn: "2024-09-01",
            periods: [period("2024-09-01", "2025-09-30"), period("2025-10-01", "2026-09-30")],
            stop: nil,
            asOf: "2026-01-01",
            expected: []
        ),
        GapCase(
            name: "after the last period up to today",
            registeredOn: nil,
            periods: [period("2024-10-01", "2025-09-30")],
            stop: nil,
            asOf: "2025-12-10",
            expected: ["2025-10-01…2025-12-10"]
        ),
        GapCase(
            name: "a stop ends the trailing gap the day before",
            registeredOn: nil,
            periods: [period("2024-10-01", "2025-03-31")],
            stop: "2025-06-01",
            asOf: "2025-12-10",
            expected: ["2025-04-01…2025-05-31"]
        ),
        GapCase(
            name: "overlapping periods merge",
            registeredOn: nil,
            periods: [period("2024-10-01", "2025-09-30"), period("2025-01-01", "2025-02-28"), period("2025-10-05", "2026-09-30")],
            stop: nil,
            asOf: "2026-01-01",
            expected: ["2025-10-01…2025-10-04"]
        ),
        GapCase(
            name: "registered without coverage",
            registeredOn: "2025-11-20",
            periods: [],
            stop: nil,
            asOf: "2025-12-01",
            expected: ["2025-11-20…2025-12-01"]
        ),
    ]

    @Test("gaps: uncovered stretches after registration", arguments: gapCases)
    func gaps(_ c: GapCase) {
        let timeline = PersonTimeline(
            personId: "g",
            asOf: LocalDate(c.asOf)!,
            registeredOn: c.registeredOn.flatMap { LocalDate($0) },
            periods: c.periods,
            stop: c.stop.map { TimelineStop(effectiveOn: LocalDate($0)!, reason: "moved") }
        )
        #expect(timeline.gaps.map { "\($0.startsOn)…\($0.endsOn)" } == c.expected)
    }

    @Test("a gap between two periods is drawn, with its dates on hover")
    func gapDrawn() {
        let html = PersonTimelinePage.render(PagesFixtures.timeline(), with: PagesFixtures.templates)
        #expect(html.contains("class=\"gap\""))
        #expect(html.contains("<title>Not covered: 2025-10-01 to 2025-11-30 (61 days)</title>"))
        // Three periods, each a rect in its basis colour.
        #expect(html.components(separatedBy: "fill=\"#2563eb\"><title>").count - 1 == 2)
        #expect(html.components(separatedBy: "fill=\"#10b981\"><title>").count - 1 == 1)
    }

    @Test("a refused binding is shown with its reason in a hover title")
    func refusedBinding() {
        let html = PersonTimelinePage.render(PagesFixtures.timeline(), with: PagesFixtures.templates)
        #expect(
            html.contains(
                "class=\"binding refused\"><title>Facility H-3001 (hospital level 3) chosen on 2025-03-02 · refused: a hospital must be of level 2 or below</title>"
            )
        )
        #expect(
            html.contains(
                "class=\"binding refused\"><title>Family account of E-78 (parent) from 2024-06-01 · refused: the authoriser must be a tier-1 employee participant</title>"
            )
        )
        #expect(html.contains("<td class=\"refused\">refused: a hospital must be of level 2 or below</td>"))
    }

    @Test("payments carry their amount in CNY; a reversed one is struck through with the reason")
    func payments() {
        let html = PersonTimelinePage.render(PagesFixtures.timeline(), with: PagesFixtures.templates)
        #expect(html.contains(">¥436.32</text>"))
        #expect(html.contains(">¥428.40</text>"))
        #expect(html.contains("text-decoration=\"line-through\">¥436.32</text>"))
        #expect(html.contains("reversed on 2025-09-20: bank returned the debit"))
        #expect(html.contains("<span class=\"struck\">¥436.32</span>"))
    }

    @Test("the stop, the policy-year bands and the legend are drawn")
    func stopBandsLegend() {
        let html = PersonTimelinePage.render(PagesFixtures.timeline(), with: PagesFixtures.templates)
        #expect(html.contains("<title>Stopped from 2026-07-01: enrolled in another city</title>"))
        for year in 2023...2026 { #expect(html.contains("Policy year \(year)–\(String(year + 1).suffix(2))")) }
        #expect(!html.contains("Policy year 2022–23") && !html.contains("Policy year 2027–28"))
        #expect(html.contains("<div class=\"legend\">") && html.contains("Month after full payment"))
    }

    @Test("every text from events is escaped")
    func escaping() {
        var timeline = PagesFixtures.timeline(personId: "<script>alert(1)</script>")
        timeline.facilityBindings[1].reason = "level \"3\" > 2 & <b>no</b>"
        timeline.stop = TimelineStop(effectiveOn: PagesFixtures.day("2026-07-01"), reason: "it's <over>")
        let html = PersonTimelinePage.render(timeline, with: PagesFixtures.templates)
        #expect(!html.contains("<script>") && !html.contains("<b>no</b>") && !html.contains("<over>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("level &quot;3&quot; &gt; 2 &amp; &lt;b&gt;no&lt;/b&gt;"))
        #expect(html.contains("it&#39;s &lt;over&gt;"))

        let notFound = PersonTimelinePage.renderNotFound(personId: "<img src=x>", with: PagesFixtures.templates)
        #expect(!notFound.contains("<img") && notFound.contains("&lt;img src=x&gt;"))

        var overview = PagesFixtures.overview()
        overview.samplePersons = ["a\"onmouseover=\"x"]
        let city = CityOverviewPage.render(overview, with: PagesFixtures.templates)
        #expect(!city.contains("<at 12>") && city.contains("&lt;at 12&gt;"))
        #expect(city.contains("href=\"/persons/a&quot;onmouseover=&quot;x\""))
    }

    @Test("no citizen ID number or name reaches the page, even when the events hold them")
    func noPersonalData() {
        let payloads = PagesEvents.history(personId: "P-7").map(\.json)
        #expect(payloads[0].contains(PagesFixtures.certNo) && payloads[0].contains(PagesFixtures.name))
        let timeline = PersonTimeline.assemble(
            personId: "P-7",
            asOf: PagesFixtures.asOf,
            payloads: payloads,
            derived: PersonResult(periods: [Self.period("2024-10-01", "2025-09-30")]),
            policy: .bundledDefaults
        )
        let html = PersonTimelinePage.render(timeline, with: PagesFixtures.templates)
        #expect(timeline.unreadableEvents == 0)
        #expect(!html.contains(PagesFixtures.certNo) && !html.contains(String(PagesFixtures.certNo.prefix(14))))
        #expect(!html.contains(PagesFixtures.name))
        #expect(html.contains("person P-7"))
    }

    @Test("assembling from events: payments deduplicated, reversals applied, earliest stop and registration")
    func assemble() {
        var payloads = PagesEvents.history(personId: "P-8").map(\.json)
        payloads.append(payloads[1])  // pay-1 reported again
        payloads.append("{not json")
        let timeline = PersonTimeline.assemble(
            personId: "P-8",
            asOf: PagesFixtures.asOf,
            payloads: payloads,
            derived: PersonResult(),
            policy: .bundledDefaults
        )
        #expect(timeline.payments.map(\.paymentId) == ["pay-1", "pay-2", "pay-3"])
        #expect(timeline.payments.map { $0.reversal?.reason } == [nil, "bank returned the debit", nil])
        #expect(timeline.payments[0].paidOn == LocalDate("2024-09-10"))
        #expect(timeline.stop == TimelineStop(effectiveOn: LocalDate("2026-07-01"), reason: "enrolled in another city"))
        #expect(timeline.registeredOn == LocalDate("2023-09-05"))
        #expect(timeline.unreadableEvents == 1)
        #expect(PersonTimelinePage.render(timeline, with: PagesFixtures.templates).contains("1 stored event(s) of this person could not be read"))
    }

    @Test("city overview: stacked bars by basis, totals, refusal reasons, person links")
    func city() {
        let html = CityOverviewPage.render(PagesFixtures.overview(), with: PagesFixtures.templates)
        // 23 months with annual, 24 with newborn and month-after-payment bars.
        #expect(html.components(separatedBy: "fill=\"#2563eb\"/>").count - 1 == 23)
        #expect(html.components(separatedBy: "fill=\"#f59e0b\"/>").count - 1 == 24)
        #expect(html.components(separatedBy: "fill=\"#10b981\"/>").count - 1 == 24)
        #expect(html.contains("<b>10,512</b><span>people with coverage</span>"))
        #expect(html.contains("<b>48,211</b><span>events stored</span>"))
        #expect(html.contains("<b class=\"refused\">37</b><span>events refused</span>"))
        #expect(html.contains("<td>data.certNo: check character must be 7</td><td>insurance.enrollment.registered.v1</td><td class=\"n\">21</td>"))
        #expect(html.contains("<a href=\"/persons/P-1002\">P-1002</a>"))
        #expect(html.contains("<title>2024-11: 10,057 covered · annual 9,040 · newborn 162 · month after payment 855</title>"))
    }

    @Test("city overview without data says so instead of drawing an empty chart")
    func emptyCity() {
        let html = CityOverviewPage.render(CityOverview(), with: PagesFixtures.templates)
        #expect(html.contains("No coverage stored yet.") && html.contains("No event was refused.") && !html.contains("<svg"))
    }
}
