import InsuranceDomain

extension PersonTimelinePage {
    /// The engine's verdicts in words: not eligible, blocked days, the facility on the page's
    /// day, assumed parameters. Every value is escaped.
    static func notices(_ t: PersonTimeline) -> String {
        var items: [String] = []
        if let reason = t.notices.notEligibleReason {
            items.append("<li class=\"refused\"><b>Not eligible</b>: \(HTML.escape(reason)). Payments are kept and listed below.</li>")
        }
        for span in t.notices.blocked {
            let until = span.until.map { "until \($0.adding(days: -1)) (resolved \($0))" } ?? "until resolved"
            items.append("<li class=\"refused\"><b>Enrolled in another city</b> (\(HTML.escape(span.otherRegion)), conflict \(HTML.escape(span.conflictId))): no benefits from \(span.from) \(until).</li>")
        }
        switch t.notices.facility {
        case .inForce: break
        case .noneChosen, .hospitalChoiceLapsed:
            items.append("<li>\(HTML.escape(t.notices.facility.explanation)) (on \(t.asOf)).</li>")
        }
        if !t.notices.assumedPolicyYears.isEmpty {
            let years = t.notices.assumedPolicyYears.sorted().map(String.init).joined(separator: ", ")
            items.append("<li>Policy year(s) \(years): the parameters are <b>assumed</b> (not yet announced); these periods are recomputed when they are published.</li>")
        }
        guard !items.isEmpty else { return "" }
        return "<div class=\"card\"><ul>" + items.joined() + "</ul></div>"
    }
}
