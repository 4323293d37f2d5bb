import InsuranceDomain

extension CityOverviewPage {
    /// Counts per renewal status of the latest cohorts, each count linking to its list.
    static func renewals(_ tallies: [RenewalTally]) -> String {
        guard !tallies.isEmpty else {
            return "<h2>Default renewals</h2><p class=\"note\">No renewal cohort yet (nobody covered in a previous policy year).</p>"
        }
        let statuses = RenewalStatus.allCases.map(\.rawValue)
        var html = "<h2>Default renewals</h2><div class=\"card\"><table><tr><th>Policy year</th>"
        html += statuses.map { "<th class=\"n\">\(HTML.escape($0.replacingOccurrences(of: "_", with: " ")))</th>" }.joined()
        html += "<th class=\"n\">cohort</th></tr>"
        for tally in tallies {
            html += "<tr><td>\(tally.policyYear)</td>"
            for status in statuses {
                let count = tally.counts[status] ?? 0
                html += "<td class=\"n\"><a href=\"/v1/renewals?policyYear=\(tally.policyYear)&amp;status=\(HTML.escape(status))\">\(HTML.count(count))</a></td>"
            }
            html += "<td class=\"n\">\(HTML.count(tally.total))</td></tr>"
        }
        return html + "</table><p class=\"note\">Cohort of policy year Y: covered in Y−1. Persons without a registration have no known age and are never counted as aged out. The lists are also served as CSV (<code>Accept: text/csv</code>).</p></div>"
    }
}
