import InsuranceDomain

/// The coverage timeline of one person as a self-contained HTML page (inline SVG, no scripts).
///
/// Only the person number is shown: the timeline never holds citizen ID numbers or names.
public enum PersonTimelinePage {
    static let chartWidth = 1200.0
    static let labelWidth = 150.0
    static let rows = (years: 8.0, coverage: 52.0, payments: 118.0, facility: 184.0, family: 240.0, axis: 290.0)
    static let rowHeight = 34.0
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The page for a person's timeline.
    public static func render(_ timeline: PersonTimeline) -> String {
        let person = HTML.escape(timeline.personId)
        let axis = TimeAxis(covering: days(of: timeline), anchor: timeline.asOf, left: labelWidth, width: chartWidth - labelWidth - 16)
        let coveredToday = timeline.periods.contains { row in
            guard let start = LocalDate(row.startsOn), let end = LocalDate(row.endsOn) else { return false }
            return start <= timeline.asOf && timeline.asOf <= end
        }
        var body = """
            <p class="sub"><a href="/city">City overview</a></p>
            <h1>Coverage timeline · person \(person)</h1>
            <p class="sub">As of \(timeline.asOf) · \(coveredToday ? "<b>covered today</b>" : "<b class=\"refused\">not covered today</b>")\
            \(timeline.registeredOn.map { " · registered \($0)" } ?? "")</p>
            <div class="card">\(chart(timeline, axis: axis))\(legend)</div>
            """
        body += notices(timeline)
        if timeline.unreadableEvents > 0 {
            body += "<p class=\"note refused\">\(timeline.unreadableEvents) stored event(s) of this person could not be read and are not shown.</p>"
        }
        body += periodsTable(timeline) + paymentsTable(timeline) + bindingsTable(timeline)
        body += estimateForm(timeline)
        return HTML.document(title: "Coverage timeline · \(timeline.personId)", body: body)
    }

    /// The page for a person number the service has never heard of.
    public static func renderNotFound(personId: String) -> String {
        HTML.document(title: "Unknown person", body: """
            <p class="sub"><a href="/city">City overview</a></p>
            <h1>Unknown person</h1>
            <div class="card"><p>No events or coverage are stored for person number <b>\(HTML.escape(personId))</b>.</p>
            <p class="note">Events may take a few seconds to arrive after they are sent; payments can take up to a week to be reported.</p></div>
            """)
    }

    static func days(of t: PersonTimeline) -> [LocalDate] {
        var days = [t.asOf]
        if let registered = t.registeredOn { days.append(registered) }
        for row in t.periods { days += [LocalDate(row.startsOn), LocalDate(row.endsOn)].compactMap { $0 } }
        days += t.payments.map(\.paidOn)
        if let stop = t.stop { days.append(stop.effectiveOn) }
        days += t.facilityBindings.compactMap { LocalDate($0.boundOn) }
        days += t.familyBindings.compactMap { LocalDate($0.boundOn) }
        return days
    }

    // MARK: Chart

    static func chart(_ t: PersonTimeline, axis: TimeAxis) -> String {
        let height = rows.axis + 34
        var svg = """
            <svg viewBox="0 0 \(HTML.px(chartWidth)) \(HTML.px(height))" role="img" aria-label="Coverage timeline" xmlns="http://www.w3.org/2000/svg">
            <defs><pattern id="gap" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
            <rect width="8" height="8" fill="#fee2e2"/><rect width="3" height="8" fill="\(PageStyle.gap)"/></pattern></defs>
            """
        svg += yearBands(axis)
        for (label, y) in [("Coverage", rows.coverage), ("Payments", rows.payments), ("Facility", rows.facility), ("Family account", rows.family)] {
            svg += "<text x=\"8\" y=\"\(HTML.px(y + rowHeight / 2 + 5))\" font-size=\"14\" font-weight=\"600\" fill=\"#334155\">\(label)</text>"
        }
        svg += coverageRow(t, axis: axis) + paymentsRow(t, axis: axis)
        svg += facilityRow(t, axis: axis) + familyRow(t, axis: axis)
        svg += monthTicks(axis) + todayAndStop(t, axis: axis)
        return svg + "</svg>"
    }

    static func yearBands(_ axis: TimeAxis) -> String {
        var out = ""
        for (index, year) in axis.policyYears.enumerated() {
            let from = LocalDate.clamped(year: year, month: 9, day: 1)
            let x0 = axis.x(from), x1 = axis.x(from.adding(months: 12))
            let fill = index % 2 == 0 ? PageStyle.bandEven : PageStyle.bandOdd
            out += "<rect x=\"\(HTML.px(x0))\" y=\"\(HTML.px(rows.years))\" width=\"\(HTML.px(x1 - x0))\" height=\"\(HTML.px(rows.axis - rows.years))\" fill=\"\(fill)\">"
            out += "<title>Policy year \(year)–\(year + 1): premium for September \(year) – August \(year + 1)</title></rect>"
            out += "<text x=\"\(HTML.px((x0 + x1) / 2))\" y=\"\(HTML.px(rows.years + 22))\" font-size=\"14\" font-weight=\"600\" text-anchor=\"middle\" fill=\"#475569\">Policy year \(year)–\(String(year + 1).suffix(2))</text>"
        }
        return out
    }

    static func coverageRow(_ t: PersonTimeline, axis: TimeAxis) -> String {
        var out = ""
        let y = HTML.px(rows.coverage), h = HTML.px(rowHeight)
        for row in t.periods {
            guard let start = LocalDate(row.startsOn), let end = LocalDate(row.endsOn) else { continue }
            let x0 = axis.x(start), x1 = axis.xEnd(end)
            out += "<rect x=\"\(HTML.px(x0))\" y=\"\(y)\" width=\"\(HTML.px(max(x1 - x0, 1)))\" height=\"\(h)\" rx=\"4\" fill=\"\(PageStyle.colour(basis: row.basis))\">"
            out += "<title>\(HTML.escape(PageStyle.label(basis: row.basis))) · policy year \(row.policyYear) · \(HTML.escape(row.startsOn)) to \(HTML.escape(row.endsOn))</title></rect>"
            if x1 - x0 > 90 {
                out += "<text x=\"\(HTML.px(x0 + 8))\" y=\"\(HTML.px(rows.coverage + rowHeight / 2 + 5))\" font-size=\"12\" fill=\"#fff\" pointer-events=\"none\">from \(HTML.escape(row.startsOn))</text>"
            }
        }
        for gap in t.gaps {
            let x0 = axis.x(gap.startsOn), x1 = axis.xEnd(gap.endsOn)
            let days = gap.endsOn.daysSinceEpoch - gap.startsOn.daysSinceEpoch + 1
            out += "<rect class=\"gap\" x=\"\(HTML.px(x0))\" y=\"\(y)\" width=\"\(HTML.px(max(x1 - x0, 1)))\" height=\"\(h)\" fill=\"url(#gap)\" stroke=\"\(PageStyle.gap)\" stroke-width=\"1.5\">"
            out += "<title>Not covered: \(gap.startsOn) to \(gap.endsOn) (\(days) day\(days == 1 ? "" : "s"))</title></rect>"
        }
        return out
    }

    static func paymentsRow(_ t: PersonTimeline, axis: TimeAxis) -> String {
        var out = ""
        let centre = rows.payments + rowHeight / 2
        var lastX = -1000.0, raised = false
        for payment in t.payments.sorted(by: { $0.paidOn < $1.paidOn }) {
            let x = axis.x(payment.paidOn) + 0.5 * (axis.xEnd(payment.paidOn) - axis.x(payment.paidOn))
            // Labels of payments close together alternate above and below the marker.
            raised = x - lastX < 70 ? !raised : false
            lastX = x
            let labelY = raised ? centre + 24 : centre - 10
            var title = "Payment \(payment.paymentId) on \(payment.paidOn): \(HTML.yuan(fen: payment.amountFen)) of \(HTML.yuan(fen: payment.dueFen)) due for policy year \(payment.policyYear)"
            if payment.fromBirth { title += ", from birth" }
            if let reversal = payment.reversal { title += " · reversed on \(reversal.reversedOn): \(reversal.reason)" }
            out += "<g class=\"payment\"><title>\(HTML.escape(title))</title>"
            if payment.reversal == nil {
                out += "<circle cx=\"\(HTML.px(x))\" cy=\"\(HTML.px(centre + 6))\" r=\"7\" fill=\"\(PageStyle.payment)\" stroke=\"#fff\" stroke-width=\"2\"/>"
                out += "<text x=\"\(HTML.px(x))\" y=\"\(HTML.px(labelY))\" font-size=\"12\" font-weight=\"600\" text-anchor=\"middle\" fill=\"\(PageStyle.payment)\">\(HTML.yuan(fen: payment.amountFen))</text>"
            } else {
                let label = HTML.yuan(fen: payment.amountFen)
                let half = Double(label.count) * 3.4
                out += "<circle cx=\"\(HTML.px(x))\" cy=\"\(HTML.px(centre + 6))\" r=\"6\" fill=\"#fff\" stroke=\"#94a3b8\" stroke-width=\"2\"/>"
                out += "<text x=\"\(HTML.px(x))\" y=\"\(HTML.px(labelY))\" font-size=\"12\" text-anchor=\"middle\" fill=\"#94a3b8\" text-decoration=\"line-through\">\(label)</text>"
                out += "<line x1=\"\(HTML.px(x - half))\" x2=\"\(HTML.px(x + half))\" y1=\"\(HTML.px(labelY - 4))\" y2=\"\(HTML.px(labelY - 4))\" stroke=\"#64748b\" stroke-width=\"1.5\"/>"
            }
            out += "</g>"
        }
        return out
    }

    /// Bindings without an end are drawn up to today, or to the day before the stop.
    static func openEnd(_ t: PersonTimeline) -> LocalDate {
        t.stop.map { min(t.asOf, $0.effectiveOn.adding(days: -1)) } ?? t.asOf
    }

    static func facilityRow(_ t: PersonTimeline, axis: TimeAxis) -> String {
        t.facilityBindings.map { row in
            var kind = row.facilityKind.replacingOccurrences(of: "_", with: " ")
            if let level = row.hospitalLevel { kind += " level \(level)" }
            let what = "Facility \(row.facilityCode) (\(kind)) chosen on \(row.boundOn)"
            return bindingMark(
                y: rows.facility, axis: axis, boundOn: row.boundOn, endsOn: row.endsOn, until: openEnd(t),
                label: row.facilityCode, accepted: row.status == .accepted,
                title: row.status == .accepted
                    ? what + (row.endsOn.map { ", until \($0)" } ?? ", in force")
                    : what + " · refused: " + (row.reason ?? "no reason given"))
        }.joined()
    }

    static func familyRow(_ t: PersonTimeline, axis: TimeAxis) -> String {
        t.familyBindings.map { row in
            let what = "Family account of \(row.authoriserId) (\(row.relationship)) from \(row.boundOn)"
            return bindingMark(
                y: rows.family, axis: axis, boundOn: row.boundOn, endsOn: row.revokedOn, until: openEnd(t),
                label: row.authoriserId, accepted: row.status == .accepted,
                title: row.status == .accepted
                    ? what + (row.revokedOn.map { ", revoked \($0)" } ?? "") + (row.rank.map { ", used in rank \($0)" } ?? "")
                    : what + " · refused: " + (row.reason ?? "no reason given"))
        }.joined()
    }

    /// An accepted binding is a bar from its day to its end (or today); a refused one a red cross.
    static func bindingMark(
        y: Double, axis: TimeAxis, boundOn: String, endsOn: String?, until: LocalDate, label: String,
        accepted: Bool, title: String
    ) -> String {
        guard let start = LocalDate(boundOn) else { return "" }
        let x0 = axis.x(start)
        let centre = y + rowHeight / 2
        var out = "<g class=\"binding \(accepted ? "accepted" : "refused")\"><title>\(HTML.escape(title))</title>"
        if accepted {
            let end = endsOn.flatMap { LocalDate($0) } ?? max(until, start)
            let x1 = axis.xEnd(end)
            out += "<rect x=\"\(HTML.px(x0))\" y=\"\(HTML.px(centre - 5))\" width=\"\(HTML.px(max(x1 - x0, 2)))\" height=\"10\" rx=\"5\" fill=\"\(PageStyle.accepted)\"/>"
            out += "<circle cx=\"\(HTML.px(x0))\" cy=\"\(HTML.px(centre))\" r=\"7\" fill=\"\(PageStyle.accepted)\" stroke=\"#fff\" stroke-width=\"2\"/>"
            out += "<text x=\"\(HTML.px(x0 + 10))\" y=\"\(HTML.px(centre - 9))\" font-size=\"11\" fill=\"\(PageStyle.accepted)\">\(HTML.escape(label))</text>"
        } else {
            let c = HTML.px(centre), l = HTML.px(x0 - 6), r = HTML.px(x0 + 6)
            out += "<circle cx=\"\(HTML.px(x0))\" cy=\"\(c)\" r=\"10\" fill=\"#fee2e2\" stroke=\"\(PageStyle.refused)\" stroke-width=\"1.5\"/>"
            out += "<path d=\"M\(l) \(HTML.px(centre - 6))L\(r) \(HTML.px(centre + 6))M\(l) \(HTML.px(centre + 6))L\(r) \(HTML.px(centre - 6))\" stroke=\"\(PageStyle.refused)\" stroke-width=\"2.5\"/>"
            out += "<text x=\"\(HTML.px(x0 + 8))\" y=\"\(HTML.px(centre + 22))\" font-size=\"11\" fill=\"\(PageStyle.refused)\">\(HTML.escape(label)) refused</text>"
        }
        return out + "</g>"
    }

    static func monthTicks(_ axis: TimeAxis) -> String {
        let months = axis.months
        let perMonth = axis.width / Double(max(months.count, 1))
        var out = "<line x1=\"\(HTML.px(axis.left))\" x2=\"\(HTML.px(axis.left + axis.width))\" y1=\"\(HTML.px(rows.axis))\" y2=\"\(HTML.px(rows.axis))\" stroke=\"#94a3b8\"/>"
        for month in months {
            let x = axis.x(month)
            out += "<line x1=\"\(HTML.px(x))\" x2=\"\(HTML.px(x))\" y1=\"\(HTML.px(rows.axis))\" y2=\"\(HTML.px(rows.axis + (month.month == 1 ? 10 : 5)))\" stroke=\"#94a3b8\"/>"
            let every = perMonth >= 26 ? 1 : (perMonth >= 9 ? 3 : 12)
            guard (month.month - 1) % every == 0 else { continue }
            let name = month.month == 1 || perMonth < 9 ? "\(monthNames[month.month - 1]) \(month.year)" : monthNames[month.month - 1]
            out += "<text x=\"\(HTML.px(x + 2))\" y=\"\(HTML.px(rows.axis + 22))\" font-size=\"11\" fill=\"#64748b\">\(name)</text>"
        }
        return out
    }

    static func todayAndStop(_ t: PersonTimeline, axis: TimeAxis) -> String {
        let top = HTML.px(rows.coverage - 10), bottom = HTML.px(rows.axis)
        let today = axis.x(t.asOf)
        var out = "<g class=\"today\"><title>Today: \(t.asOf)</title><line x1=\"\(HTML.px(today))\" x2=\"\(HTML.px(today))\" y1=\"\(top)\" y2=\"\(bottom)\" stroke=\"#0ea5e9\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/>"
        out += "<text x=\"\(HTML.px(today + 3))\" y=\"\(HTML.px(rows.coverage - 2))\" font-size=\"11\" fill=\"#0284c7\">today</text></g>"
        if let stop = t.stop {
            let x = axis.x(stop.effectiveOn)
            out += "<g class=\"stop\"><title>\(HTML.escape("Stopped from \(stop.effectiveOn): \(stop.reason)"))</title>"
            out += "<rect x=\"\(HTML.px(x))\" y=\"\(top)\" width=\"\(HTML.px(axis.left + axis.width - x))\" height=\"\(HTML.px(rows.axis - rows.coverage + 10))\" fill=\"#0f172a\" opacity=\"0.07\"/>"
            out += "<line x1=\"\(HTML.px(x))\" x2=\"\(HTML.px(x))\" y1=\"\(top)\" y2=\"\(bottom)\" stroke=\"\(PageStyle.stop)\" stroke-width=\"2.5\"/>"
            out += "<text x=\"\(HTML.px(x + 4))\" y=\"\(HTML.px(rows.facility - 8))\" font-size=\"12\" font-weight=\"700\" fill=\"\(PageStyle.stop)\">■ stop</text></g>"
        }
        return out
    }

    static var legend: String {
        func swatch(_ colour: String, _ text: String) -> String {
            "<span><i style=\"background:\(colour)\"></i>\(HTML.escape(text))</span>"
        }
        return "<div class=\"legend\">"
            + swatch(PageStyle.annual, PageStyle.label(basis: "annual"))
            + swatch(PageStyle.newborn, PageStyle.label(basis: "newborn"))
            + swatch(PageStyle.monthAfterPayment, PageStyle.label(basis: "month_after_payment"))
            + "<span><i style=\"background:repeating-linear-gradient(45deg,\(PageStyle.gap) 0 3px,#fee2e2 3px 8px)\"></i>Not covered</span>"
            + swatch(PageStyle.payment, "Payment (struck through: reversed)")
            + swatch(PageStyle.accepted, "Binding in force")
            + swatch(PageStyle.refused, "Binding refused (hover for the reason)")
            + swatch(PageStyle.stop, "Stop")
            + swatch(PageStyle.bandOdd, "Policy year (Sept–Aug)")
            + "</div>"
    }

    // MARK: Tables (the same facts, for reading and for screen readers)

    static func periodsTable(_ t: PersonTimeline) -> String {
        var rows: [(LocalDate, String)] = t.periods.compactMap { row in
            guard let start = LocalDate(row.startsOn) else { return nil }
            return (start, "<tr><td><i style=\"display:inline-block;width:10px;height:10px;border-radius:2px;background:\(PageStyle.colour(basis: row.basis))\"></i> \(HTML.escape(PageStyle.label(basis: row.basis)))</td><td>\(row.policyYear)\(t.notices.assumedPolicyYears.contains(row.policyYear) ? " (assumed parameters)" : "")</td><td>\(HTML.escape(row.startsOn))</td><td>\(HTML.escape(row.endsOn))</td></tr>")
        }
        rows += t.gaps.map { gap in
            (gap.startsOn, "<tr class=\"refused\"><td>Not covered</td><td></td><td>\(gap.startsOn)</td><td>\(gap.endsOn)</td></tr>")
        }
        if let stop = t.stop {
            rows.append((stop.effectiveOn, "<tr><td><b>Stop</b>: \(HTML.escape(stop.reason))</td><td></td><td>\(stop.effectiveOn)</td><td></td></tr>"))
        }
        guard !rows.isEmpty else { return "<h2>Coverage</h2><p class=\"note\">No coverage.</p>" }
        return "<h2>Coverage</h2><div class=\"card\"><table><tr><th>Basis</th><th>Policy year</th><th>From</th><th>To</th></tr>"
            + rows.sorted { $0.0 < $1.0 }.map(\.1).joined() + "</table></div>"
    }

    static func paymentsTable(_ t: PersonTimeline) -> String {
        guard !t.payments.isEmpty else { return "<h2>Payments</h2><p class=\"note\">No payments.</p>" }
        let rows = t.payments.sorted { $0.paidOn < $1.paidOn }.map { p in
            let amount = p.reversal == nil ? HTML.yuan(fen: p.amountFen) : "<span class=\"struck\">\(HTML.yuan(fen: p.amountFen))</span>"
            let note = p.reversal.map { "reversed \($0.reversedOn): \(HTML.escape($0.reason))" } ?? (p.fromBirth ? "from birth" : "")
            return "<tr><td>\(p.paidOn)</td><td>\(HTML.escape(p.paymentId))</td><td>\(p.policyYear)</td><td class=\"n\">\(amount)</td><td class=\"n\">\(HTML.yuan(fen: p.dueFen))</td><td>\(note)</td></tr>"
        }
        return "<h2>Payments</h2><div class=\"card\"><table><tr><th>Paid on</th><th>Payment</th><th>Policy year</th><th class=\"n\">Amount</th><th class=\"n\">Due</th><th></th></tr>"
            + rows.joined() + "</table></div>"
    }

    static func bindingsTable(_ t: PersonTimeline) -> String {
        let facility = t.facilityBindings.map { b in
            "<tr><td>Facility</td><td>\(HTML.escape(b.facilityCode)) · \(HTML.escape(b.facilityKind.replacingOccurrences(of: "_", with: " ")))\(b.hospitalLevel.map { " level \($0)" } ?? "")</td><td>\(HTML.escape(b.boundOn))</td><td>\(HTML.escape(b.endsOn ?? ""))</td>\(status(b.status, b.reason))</tr>"
        }
        let family = t.familyBindings.map { b in
            "<tr><td>Family account</td><td>\(HTML.escape(b.authoriserId)) · \(HTML.escape(b.relationship))\(b.rank.map { " · rank \($0)" } ?? "")</td><td>\(HTML.escape(b.boundOn))</td><td>\(HTML.escape(b.revokedOn ?? ""))</td>\(status(b.status, b.reason))</tr>"
        }
        guard !(facility.isEmpty && family.isEmpty) else { return "<h2>Bindings</h2><p class=\"note\">No bindings.</p>" }
        return "<h2>Bindings</h2><div class=\"card\"><table><tr><th>Kind</th><th>With</th><th>From</th><th>Until</th><th>Status</th></tr>"
            + (facility + family).joined() + "</table></div>"
    }

    static func status(_ status: BindingStatus, _ reason: String?) -> String {
        status == .accepted
            ? "<td>accepted</td>"
            : "<td class=\"refused\">refused: \(HTML.escape(reason ?? "no reason given"))</td>"
    }
}
