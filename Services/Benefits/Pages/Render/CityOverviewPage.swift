/// The city overview as a self-contained HTML page: covered people per month stacked by basis,
/// totals, the most frequent refusal reasons and links to a few persons' timelines.
public enum CityOverviewPage {
    static let chartWidth = 1200.0
    static let chartHeight = 360.0
    static let plot = (left: 70.0, right: 16.0, top: 16.0, bottom: 40.0)
    /// More months than this and the bars get too thin to read: the most recent ones are shown.
    public static let maximumMonths = 48

    public static func render(_ overview: CityOverview) -> String {
        var body = """
            <h1>Children's and students' medical insurance · city overview</h1>
            <p class="sub">Covered people by month, from the coverage periods the benefits service derived.</p>
            <div class="stats">
            \(stat(overview.personsWithCoverage, "people with coverage"))
            \(stat(overview.eventsStored, "events stored"))
            \(stat(overview.eventsRefused, "events refused", refused: overview.eventsRefused > 0))
            </div>
            <h2>Covered people by month</h2>
            """
        body += "<div class=\"card\">" + chart(overview.months) + legend + "</div>"
        body += refusals(overview.topRefusals)
        body += "<h2>Some persons</h2>"
        body += overview.samplePersons.isEmpty
            ? "<p class=\"note\">No persons stored yet.</p>"
            : "<div class=\"persons\">" + overview.samplePersons.map { person in
                "<a href=\"/persons/\(HTML.escape(person))\">\(HTML.escape(person))</a>"
            }.joined() + "</div>"
        return HTML.document(title: "City overview", body: body)
    }

    static func stat(_ value: Int, _ label: String, refused: Bool = false) -> String {
        "<div class=\"card stat\"><b\(refused ? " class=\"refused\"" : "")>\(HTML.count(value))</b><span>\(label)</span></div>"
    }

    static func chart(_ allMonths: [MonthCoverage]) -> String {
        let months = Array(allMonths.suffix(maximumMonths))
        guard !months.isEmpty else { return "<p class=\"note\">No coverage stored yet.</p>" }
        let width = chartWidth - plot.left - plot.right
        let height = chartHeight - plot.top - plot.bottom
        let top = niceCeiling(months.map(\.total).max() ?? 1)
        let slot = width / Double(months.count)
        let barWidth = max(slot * 0.72, 1)
        func y(_ value: Int) -> Double { plot.top + height * (1 - Double(max(value, 0)) / Double(top)) }

        var svg = "<svg viewBox=\"0 0 \(HTML.px(chartWidth)) \(HTML.px(chartHeight))\" role=\"img\" aria-label=\"Covered people by month, stacked by basis\" xmlns=\"http://www.w3.org/2000/svg\">"
        for step in 0...4 {
            let value = Saturating.multiply(top / 4, step)
            let gy = HTML.px(y(value))
            svg += "<line x1=\"\(HTML.px(plot.left))\" x2=\"\(HTML.px(chartWidth - plot.right))\" y1=\"\(gy)\" y2=\"\(gy)\" stroke=\"\(step == 0 ? "#94a3b8" : "#e2e8f0")\"/>"
            svg += "<text x=\"\(HTML.px(plot.left - 8))\" y=\"\(HTML.px(y(value) + 4))\" font-size=\"12\" text-anchor=\"end\" fill=\"#64748b\">\(HTML.count(value))</text>"
        }
        let labelEvery = slot >= 60 ? 1 : (slot >= 20 ? 3 : 6)
        for (index, month) in months.enumerated() {
            let x = plot.left + slot * Double(index) + (slot - barWidth) / 2
            var base = 0
            svg += "<g class=\"month\"><title>\(HTML.escape(month.month)): \(HTML.count(month.total)) covered · annual \(HTML.count(month.annual)) · newborn \(HTML.count(month.newborn)) · month after payment \(HTML.count(month.monthAfterPayment))</title>"
            for (value, colour) in [(month.annual, PageStyle.annual), (month.newborn, PageStyle.newborn), (month.monthAfterPayment, PageStyle.monthAfterPayment)] where value > 0 {
                let y0 = y(Saturating.add(base, value)), y1 = y(base)
                svg += "<rect x=\"\(HTML.px(x))\" y=\"\(HTML.px(y0))\" width=\"\(HTML.px(barWidth))\" height=\"\(HTML.px(max(y1 - y0, 0.5)))\" fill=\"\(colour)\"/>"
                base = Saturating.add(base, value)
            }
            svg += "</g>"
            if index % labelEvery == 0 {
                svg += "<text x=\"\(HTML.px(x + barWidth / 2))\" y=\"\(HTML.px(chartHeight - plot.bottom + 18))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#64748b\">\(HTML.escape(month.month))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// The chart's top: four grid steps of 1, 2 or 5 times a power of ten, at least `value`.
    /// Saturating: `value` is a stored count, and no count may crash the page.
    static func niceCeiling(_ value: Int) -> Int {
        let needed = max(value / 4 + (value % 4 > 0 ? 1 : 0), 1)
        var power = 1
        while power <= Int.max / 10 {
            for factor in [1, 2, 5] where factor * power >= needed { return Saturating.multiply(4, factor * power) }
            power *= 10
        }
        return Int.max
    }

    static var legend: String {
        "<div class=\"legend\">" + ["annual", "newborn", "month_after_payment"].map { basis in
            "<span><i style=\"background:\(PageStyle.colour(basis: basis))\"></i>\(HTML.escape(PageStyle.label(basis: basis)))</span>"
        }.joined() + "</div>"
    }

    static func refusals(_ rows: [RefusalCount]) -> String {
        guard !rows.isEmpty else { return "<h2>Top refusal reasons</h2><p class=\"note\">No event was refused.</p>" }
        return "<h2>Top refusal reasons</h2><div class=\"card\"><table><tr><th>Reason</th><th>Event type</th><th class=\"n\">Refused</th></tr>"
            + rows.map { row in
                "<tr><td>\(HTML.escape(row.reason))</td><td>\(HTML.escape(row.type ?? "(unreadable)"))</td><td class=\"n\">\(HTML.count(row.count))</td></tr>"
            }.joined() + "</table></div>"
    }
}
