import InsuranceDomain
import Mustache

/// The coverage timeline of one person as a self-contained HTML page (inline SVG, no scripts),
/// rendered from `personTimeline.mustache` and its partials.
///
/// Only the person number is shown: the timeline never holds citizen ID numbers or names.
package enum PersonTimelinePage {
    /// The page for a person's timeline.
    package static func render(_ timeline: PersonTimeline, with templates: PageTemplates) -> String {
        templates.personTimeline.render(PersonTimelineView(timeline), library: templates.library)
    }

    /// The page for a person number the service has never heard of.
    static func renderNotFound(personId: String, with templates: PageTemplates) -> String {
        struct NotFound { let personId: String }
        return templates.personNotFound.render(NotFound(personId: personId), library: templates.library)
    }
}

/// What the person timeline page shows, as its templates read it (`personTimeline.mustache`):
/// plain text and preformatted numbers; the templates escape every value.
///
/// Field names are unique across the nested views on purpose: Mustache looks a name it does not
/// find (or finds nil) up in the enclosing views, so a shared name could show another view's value.
struct PersonTimelineView {
    struct Swatch { let background, text: String }
    struct Notices {
        struct Blocked { let otherRegion, conflictId, from, until: String }
        let notEligibleReason: String?
        let blocked: [Blocked]
        let facilityExplanation: String?
        let assumedYears: String?
    }
    struct CoverageLine {
        let isPeriod, isGap, isStop: Bool
        let colour, basis, policyYear, from, to, reason: String
    }
    struct PaymentLine {
        let paidOn, paymentId, amount, due, note: String
        let policyYear: Int
        let reversed: Bool
    }
    struct BindingLine {
        let kind, with, from, until, reason: String
        let isAccepted: Bool
    }

    let personId: String
    let asOf: String
    let coveredToday: Bool
    let registeredOn: String?
    let chart: TimelineChartView
    let legend: [Swatch]
    let notices: Notices?
    let unreadableEvents: Int?
    let coverageLines: [CoverageLine]
    let paymentLines: [PaymentLine]
    let bindingLines: [BindingLine]
    let hasCoverageLines, hasPaymentLines, hasBindingLines: Bool

    init(_ t: PersonTimeline) {
        personId = t.personId
        asOf = t.asOf.description
        coveredToday = t.periods.contains { $0.startsOn <= t.asOf && t.asOf <= $0.endsOn }
        registeredOn = t.registeredOn?.description
        chart = TimelineChartView(t)
        legend = Self.legend
        notices = Self.notices(t)
        unreadableEvents = t.unreadableEvents > 0 ? t.unreadableEvents : nil
        coverageLines = Self.coverageLines(t)
        paymentLines = t.payments.sorted { $0.paidOn < $1.paidOn }.map { p in
            PaymentLine(
                paidOn: p.paidOn.description,
                paymentId: p.paymentId,
                amount: HTML.yuan(fen: p.amountFen),
                due: HTML.yuan(fen: p.dueFen),
                note: p.reversal.map { "reversed \($0.reversedOn): \($0.reason)" } ?? (p.fromBirth ? "from birth" : ""),
                policyYear: p.policyYear,
                reversed: p.reversal != nil
            )
        }
        bindingLines =
            t.facilityBindings.map { b in
                BindingLine(
                    kind: "Facility",
                    with: "\(b.facilityCode) · \(b.facilityKind.replacingOccurrences(of: "_", with: " "))"
                        + (b.hospitalLevel.map { " level \($0)" } ?? ""),
                    from: b.boundOn.description,
                    until: b.endsOn?.description ?? "",
                    reason: b.reason ?? "no reason given",
                    isAccepted: b.status == .accepted
                )
            }
            + t.familyBindings.map { b in
                BindingLine(
                    kind: "Family account",
                    with: "\(b.authoriserId) · \(b.relationship)" + (b.rank.map { " · rank \($0)" } ?? ""),
                    from: b.boundOn.description,
                    until: b.revokedOn?.description ?? "",
                    reason: b.reason ?? "no reason given",
                    isAccepted: b.status == .accepted
                )
            }
        hasCoverageLines = !coverageLines.isEmpty
        hasPaymentLines = !paymentLines.isEmpty
        hasBindingLines = !bindingLines.isEmpty
    }

    static let legend: [Swatch] = [
        Swatch(background: PageStyle.annual, text: PageStyle.label(basis: "annual")),
        Swatch(background: PageStyle.newborn, text: PageStyle.label(basis: "newborn")),
        Swatch(background: PageStyle.monthAfterPayment, text: PageStyle.label(basis: "month_after_payment")),
        Swatch(background: "repeating-linear-gradient(45deg,\(PageStyle.gap) 0 3px,#fee2e2 3px 8px)", text: "Not covered"),
        Swatch(background: PageStyle.payment, text: "Payment (struck through: reversed)"),
        Swatch(background: PageStyle.accepted, text: "Binding in force"),
        Swatch(background: PageStyle.refused, text: "Binding refused (hover for the reason)"),
        Swatch(background: PageStyle.stop, text: "Stop"),
        Swatch(background: PageStyle.bandOdd, text: "Policy year (Sept–Aug)"),
    ]

    /// The engine's verdicts the chart cannot show: not eligible, blocked days, the facility on
    /// the page's day, assumed parameters; nil when there is nothing to say.
    static func notices(_ t: PersonTimeline) -> Notices? {
        let facility: String?
        switch t.notices.facility {
        case .inForce: facility = nil
        case .noneChosen, .hospitalChoiceLapsed: facility = t.notices.facility.explanation
        }
        let notices = Notices(
            notEligibleReason: t.notices.notEligibleReason,
            blocked: t.notices.blocked.map { span in
                Notices.Blocked(
                    otherRegion: span.otherRegion,
                    conflictId: span.conflictId,
                    from: span.from.description,
                    until: span.until.map { "until \($0.adding(days: -1)) (resolved \($0))" } ?? "until resolved"
                )
            },
            facilityExplanation: facility,
            assumedYears: t.notices.assumedPolicyYears.isEmpty
                ? nil : t.notices.assumedPolicyYears.sorted().map(String.init).joined(separator: ", ")
        )
        let empty = notices.notEligibleReason == nil && notices.blocked.isEmpty && facility == nil && notices.assumedYears == nil
        return empty ? nil : notices
    }

    /// Periods, gaps and the stop in date order (the chart's facts, for reading and screen readers).
    static func coverageLines(_ t: PersonTimeline) -> [CoverageLine] {
        var lines: [(LocalDate, CoverageLine)] = t.periods.map { row in
            let assumed = t.notices.assumedPolicyYears.contains(row.policyYear) ? " (assumed parameters)" : ""
            return (
                row.startsOn,
                CoverageLine(
                    isPeriod: true,
                    isGap: false,
                    isStop: false,
                    colour: PageStyle.colour(basis: row.basis),
                    basis: PageStyle.label(basis: row.basis),
                    policyYear: "\(row.policyYear)\(assumed)",
                    from: row.startsOn.description,
                    to: row.endsOn.description,
                    reason: ""
                )
            )
        }
        lines += t.gaps.map { gap in
            (
                gap.startsOn,
                CoverageLine(
                    isPeriod: false,
                    isGap: true,
                    isStop: false,
                    colour: "",
                    basis: "",
                    policyYear: "",
                    from: gap.startsOn.description,
                    to: gap.endsOn.description,
                    reason: ""
                )
            )
        }
        if let stop = t.stop {
            lines.append(
                (
                    stop.effectiveOn,
                    CoverageLine(
                        isPeriod: false,
                        isGap: false,
                        isStop: true,
                        colour: "",
                        basis: "",
                        policyYear: "",
                        from: stop.effectiveOn.description,
                        to: "",
                        reason: stop.reason
                    )
                )
            )
        }
        return lines.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
