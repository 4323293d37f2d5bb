import InsuranceDomain

extension TimelineChartView {
    /// Bindings without an end are drawn up to today, or to the day before the stop.
    static func openEnd(_ t: PersonTimeline) -> LocalDate {
        t.stop.map { min(t.asOf, $0.effectiveOn.adding(days: -1)) } ?? t.asOf
    }

    static func facilityMarks(_ t: PersonTimeline, axis: TimeAxis) -> [Binding] {
        t.facilityBindings.compactMap { row in
            var kind = row.facilityKind.replacingOccurrences(of: "_", with: " ")
            if let level = row.hospitalLevel { kind += " level \(level)" }
            let what = "Facility \(row.facilityCode) (\(kind)) chosen on \(row.boundOn)"
            return bindingMark(
                y: rows.facility,
                axis: axis,
                boundOn: row.boundOn,
                endsOn: row.endsOn,
                until: openEnd(t),
                label: row.facilityCode,
                accepted: row.status == .accepted,
                title: row.status == .accepted
                    ? what + (row.endsOn.map { ", until \($0)" } ?? ", in force")
                    : what + " · refused: " + (row.reason ?? "no reason given")
            )
        }
    }

    static func familyMarks(_ t: PersonTimeline, axis: TimeAxis) -> [Binding] {
        t.familyBindings.compactMap { row in
            let what = "Family account of \(row.authoriserId) (\(row.relationship)) from \(row.boundOn)"
            return bindingMark(
                y: rows.family,
                axis: axis,
                boundOn: row.boundOn,
                endsOn: row.revokedOn,
                until: openEnd(t),
                label: row.authoriserId,
                accepted: row.status == .accepted,
                title: row.status == .accepted
                    ? what + (row.revokedOn.map { ", revoked \($0)" } ?? "") + (row.rank.map { ", used in rank \($0)" } ?? "")
                    : what + " · refused: " + (row.reason ?? "no reason given")
            )
        }
    }

    /// An accepted binding is a bar from its day to its end (or today); a refused one a red cross.
    static func bindingMark(
        y: Double,
        axis: TimeAxis,
        boundOn start: LocalDate,
        endsOn: LocalDate?,
        until: LocalDate,
        label: String,
        accepted: Bool,
        title: String
    ) -> Binding? {
        let x0 = axis.x(start)
        let centre = y + rowHeight / 2
        guard accepted else {
            let l = HTML.px(x0 - 6)
            let r = HTML.px(x0 + 6)
            return Binding(
                title: title,
                cx: HTML.px(x0),
                cy: HTML.px(centre),
                accepted: nil,
                refused: Refused(
                    cross: "M\(l) \(HTML.px(centre - 6))L\(r) \(HTML.px(centre + 6))M\(l) \(HTML.px(centre + 6))L\(r) \(HTML.px(centre - 6))",
                    label: Label(x: HTML.px(x0 + 8), y: HTML.px(centre + 22), text: label)
                )
            )
        }
        let end = endsOn ?? max(until, start)
        let x1 = axis.xEnd(end)
        return Binding(
            title: title,
            cx: HTML.px(x0),
            cy: HTML.px(centre),
            accepted: Accepted(
                bar: Box(x: HTML.px(x0), y: HTML.px(centre - 5), width: HTML.px(max(x1 - x0, 2)), height: "10"),
                label: Label(x: HTML.px(x0 + 10), y: HTML.px(centre - 9), text: label)
            ),
            refused: nil
        )
    }
}
