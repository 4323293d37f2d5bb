import Mustache

/// The city overview as a self-contained HTML page: covered people per month stacked by basis,
/// totals, the most frequent refusal reasons and links to a few persons' timelines; rendered
/// from `cityOverview.mustache` and its partials.
package enum CityOverviewPage {
    static let chartWidth = 1200.0
    static let chartHeight = 360.0
    static let plot = (left: 70.0, right: 16.0, top: 16.0, bottom: 40.0)
    /// More months than this and the bars get too thin to read: the most recent ones are shown.
    static let maximumMonths = 48

    package static func render(_ overview: CityOverview, with templates: PageTemplates) -> String {
        templates.cityOverview.render(CityOverviewView(overview), library: templates.library)
    }

    /// The bars of the latest `maximumMonths` months on a grid of four steps; nil without months.
    static func chart(_ allMonths: [MonthCoverage]) -> CityOverviewView.Chart? {
        let months = Array(allMonths.suffix(maximumMonths))
        guard !months.isEmpty else { return nil }
        let width = chartWidth - plot.left - plot.right
        let height = chartHeight - plot.top - plot.bottom
        let top = niceCeiling(months.map(\.total).max() ?? 1)
        let slot = width / Double(months.count)
        let barWidth = max(slot * 0.72, 1)
        func y(_ value: Int) -> Double { plot.top + height * (1 - Double(max(value, 0)) / Double(top)) }

        let grid = (0...4).map { step in
            let value = Saturating.multiply(top / 4, step)
            return CityOverviewView.GridLine(
                x1: HTML.px(plot.left),
                x2: HTML.px(chartWidth - plot.right),
                y: HTML.px(y(value)),
                stroke: step == 0 ? "#94a3b8" : "#e2e8f0",
                labelX: HTML.px(plot.left - 8),
                labelY: HTML.px(y(value) + 4),
                value: HTML.count(value)
            )
        }
        let labelEvery = slot >= 60 ? 1 : (slot >= 20 ? 3 : 6)
        let bars = months.enumerated().map { index, month in
            let x = plot.left + slot * Double(index) + (slot - barWidth) / 2
            var base = 0
            var bars: [CityOverviewView.MonthBar] = []
            for (value, colour) in [
                (month.annual, PageStyle.annual), (month.newborn, PageStyle.newborn), (month.monthAfterPayment, PageStyle.monthAfterPayment),
            ] where value > 0 {
                let y0 = y(Saturating.add(base, value))
                let y1 = y(base)
                bars.append(
                    .init(box: ChartBox(x: HTML.px(x), y: HTML.px(y0), width: HTML.px(barWidth), height: HTML.px(max(y1 - y0, 0.5))), fill: colour)
                )
                base = Saturating.add(base, value)
            }
            return CityOverviewView.Month(
                title:
                    "\(month.month): \(HTML.count(month.total)) covered · annual \(HTML.count(month.annual)) · newborn \(HTML.count(month.newborn)) · month after payment \(HTML.count(month.monthAfterPayment))",
                bars: bars,
                monthLabel: index % labelEvery == 0
                    ? .init(x: HTML.px(x + barWidth / 2), y: HTML.px(chartHeight - plot.bottom + 18), text: month.month) : nil
            )
        }
        return CityOverviewView.Chart(width: HTML.px(chartWidth), height: HTML.px(chartHeight), grid: grid, months: bars)
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
}

/// Integer arithmetic on stored counts that stops at the ends instead of trapping: the
/// pages add up numbers read from the database, and no stored number may crash a page.
enum Saturating {
    static func add(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b < 0 ? Int.min : Int.max) : sum
    }

    static func multiply(_ a: Int, _ b: Int) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? ((a < 0) == (b < 0) ? Int.max : Int.min) : product
    }
}
