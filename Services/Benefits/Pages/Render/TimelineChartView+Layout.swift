import InsuranceDomain

extension TimelineChartView {
    static let chartWidth = 1200.0
    static let labelWidth = 150.0
    static let rows = (years: 8.0, coverage: 52.0, payments: 118.0, facility: 184.0, family: 240.0, axis: 290.0)
    static let rowHeight = 34.0
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Lays out the chart of `t` on whole policy years around its days.
    init(_ t: PersonTimeline) {
        let axis = TimeAxis(
            covering: Self.days(of: t),
            anchor: t.asOf,
            left: Self.labelWidth,
            width: Self.chartWidth - Self.labelWidth - 16
        )
        let rows = Self.rows
        width = HTML.px(Self.chartWidth)
        height = HTML.px(rows.axis + 34)
        bands = axis.policyYears.enumerated().map { index, year in
            let from = LocalDate.clamped(year: year, month: 9, day: 1)
            let x0 = axis.x(from)
            let x1 = axis.x(from.adding(months: 12))
            return Band(
                box: Box(x: HTML.px(x0), y: HTML.px(rows.years), width: HTML.px(x1 - x0), height: HTML.px(rows.axis - rows.years)),
                fill: index % 2 == 0 ? PageStyle.bandEven : PageStyle.bandOdd,
                year: year,
                nextYear: year + 1,
                label: Label(x: HTML.px((x0 + x1) / 2), y: HTML.px(rows.years + 22), text: "Policy year \(year)–\(String(year + 1).suffix(2))")
            )
        }
        rowLabels = [("Coverage", rows.coverage), ("Payments", rows.payments), ("Facility", rows.facility), ("Family account", rows.family)]
            .map { text, y in Label(x: "8", y: HTML.px(y + Self.rowHeight / 2 + 5), text: text) }
        periods = Self.periodBars(t, axis: axis)
        gaps = t.gaps.map { gap in
            let x0 = axis.x(gap.startsOn)
            let x1 = axis.xEnd(gap.endsOn)
            let days = gap.endsOn.daysSinceEpoch - gap.startsOn.daysSinceEpoch + 1
            return Gap(
                box: Box(x: HTML.px(x0), y: HTML.px(rows.coverage), width: HTML.px(max(x1 - x0, 1)), height: HTML.px(Self.rowHeight)),
                title: "Not covered: \(gap.startsOn) to \(gap.endsOn) (\(days) day\(days == 1 ? "" : "s"))"
            )
        }
        payments = Self.paymentMarks(t, axis: axis)
        bindings = Self.facilityMarks(t, axis: axis) + Self.familyMarks(t, axis: axis)
        self.axis = Line(x1: HTML.px(axis.left), x2: HTML.px(axis.left + axis.width), y1: HTML.px(rows.axis), y2: HTML.px(rows.axis))
        (tickPath, tickLabels) = Self.monthTicks(axis)
        let top = HTML.px(rows.coverage - 10)
        let bottom = HTML.px(rows.axis)
        let todayX = axis.x(t.asOf)
        today = Marker(
            title: "Today: \(t.asOf)",
            line: Line(x1: HTML.px(todayX), x2: HTML.px(todayX), y1: top, y2: bottom),
            label: Label(x: HTML.px(todayX + 3), y: HTML.px(rows.coverage - 2), text: "today")
        )
        stop = t.stop.map { stop in
            let x = axis.x(stop.effectiveOn)
            return Stop(
                title: "Stopped from \(stop.effectiveOn): \(stop.reason)",
                shade: Box(x: HTML.px(x), y: top, width: HTML.px(axis.left + axis.width - x), height: HTML.px(rows.axis - rows.coverage + 10)),
                line: Line(x1: HTML.px(x), x2: HTML.px(x), y1: top, y2: bottom),
                label: Label(x: HTML.px(x + 4), y: HTML.px(rows.facility - 8), text: "■ stop")
            )
        }
    }

    /// Every day the axis must show.
    static func days(of t: PersonTimeline) -> [LocalDate] {
        var days = [t.asOf]
        if let registered = t.registeredOn { days.append(registered) }
        for row in t.periods { days += [row.startsOn, row.endsOn] }
        days += t.payments.map(\.paidOn)
        if let stop = t.stop { days.append(stop.effectiveOn) }
        days += t.facilityBindings.map(\.boundOn)
        days += t.familyBindings.map(\.boundOn)
        return days
    }

    static func periodBars(_ t: PersonTimeline, axis: TimeAxis) -> [Bar] {
        t.periods.map { row in
            let x0 = axis.x(row.startsOn)
            let x1 = axis.xEnd(row.endsOn)
            return Bar(
                box: Box(x: HTML.px(x0), y: HTML.px(rows.coverage), width: HTML.px(max(x1 - x0, 1)), height: HTML.px(rowHeight)),
                fill: PageStyle.colour(basis: row.basis),
                title: "\(PageStyle.label(basis: row.basis)) · policy year \(row.policyYear) · \(row.startsOn) to \(row.endsOn)",
                label: x1 - x0 > 90
                    ? Label(x: HTML.px(x0 + 8), y: HTML.px(rows.coverage + rowHeight / 2 + 5), text: "from \(row.startsOn)") : nil
            )
        }
    }

    static func paymentMarks(_ t: PersonTimeline, axis: TimeAxis) -> [Payment] {
        let centre = rows.payments + rowHeight / 2
        var lastX = -1000.0
        var raised = false
        return t.payments.sorted(by: { $0.paidOn < $1.paidOn }).map { payment in
            let x = axis.x(payment.paidOn) + 0.5 * (axis.xEnd(payment.paidOn) - axis.x(payment.paidOn))
            // Labels of payments close together alternate above and below the marker.
            raised = x - lastX < 70 ? !raised : false
            lastX = x
            let labelY = raised ? centre + 24 : centre - 10
            var title =
                "Payment \(payment.paymentId) on \(payment.paidOn): \(HTML.yuan(fen: payment.amountFen)) of \(HTML.yuan(fen: payment.dueFen)) due for policy year \(payment.policyYear)"
            if payment.fromBirth { title += ", from birth" }
            if let reversal = payment.reversal { title += " · reversed on \(reversal.reversedOn): \(reversal.reason)" }
            let amount = HTML.yuan(fen: payment.amountFen)
            let half = Double(amount.count) * 3.4
            return Payment(
                title: title,
                cx: HTML.px(x),
                cy: HTML.px(centre + 6),
                label: Label(x: HTML.px(x), y: HTML.px(labelY), text: amount),
                counted: payment.reversal == nil,
                strike: payment.reversal == nil
                    ? nil : Line(x1: HTML.px(x - half), x2: HTML.px(x + half), y1: HTML.px(labelY - 4), y2: HTML.px(labelY - 4))
            )
        }
    }

    /// The month ticks as one SVG path (`M x y V y2` per month: a forty-year axis has 480 of them,
    /// one element each would make the page slow to render and large) and their labels.
    ///
    /// Labels never overlap: a month is labelled every 1, 3 or 6 months, the first step at
    /// which a January label ("Jan 2025", the widest) clears the next one; on longer axes only
    /// years are labelled ("2025"), every 1, 2, 5 or 10 years. The widths are those of the
    /// axis font (11 units, system-ui) with room to spare, checked in Chromium (PagesBrowserTests).
    static func monthTicks(_ axis: TimeAxis) -> (path: String, labels: [Label]) {
        let months = axis.months
        let perMonth = axis.width / Double(max(months.count, 1))
        let monthStep = [1, 3, 6].first { perMonth * Double($0) >= tickLabelWidth.monthAndYear + tickLabelWidth.gap }
        let yearStep = [1, 2, 5, 10].first { perMonth * 12 * Double($0) >= tickLabelWidth.year + tickLabelWidth.gap } ?? 20
        var path = ""
        var labels: [Label] = []
        for month in months {
            let x = axis.x(month)
            path += "M\(HTML.px(x)) \(HTML.px(rows.axis))V\(HTML.px(rows.axis + (month.month == 1 ? 10 : 5)))"
            let name: String
            if let monthStep {
                guard (month.month - 1) % monthStep == 0 else { continue }
                name = month.month == 1 ? "\(monthNames[0]) \(month.year)" : monthNames[month.month - 1]
            } else {
                guard month.month == 1, month.year % yearStep == 0 else { continue }
                name = String(month.year)
            }
            labels.append(Label(x: HTML.px(x + 2), y: HTML.px(rows.axis + 22), text: name))
        }
        return (path, labels)
    }

    /// Upper bounds of the tick labels' widths in the axis font, and the least space between two.
    static let tickLabelWidth = (monthAndYear: 54.0, year: 30.0, gap: 8.0)
}
