import InsuranceDomain

/// What the city overview page shows, as its templates read it (`cityOverview.mustache`):
/// plain text and preformatted numbers; the templates escape every value. Field names are
/// unique across the nested views (see `PersonTimelineView`).
struct CityOverviewView {
    struct Stat {
        let value, label: String
        let isRefused: Bool
    }
    struct Chart {
        let width, height: String
        let grid: [GridLine]
        let months: [Month]
    }
    struct GridLine { let x1, x2, y, stroke, labelX, labelY, value: String }
    struct Month {
        let title: String
        let bars: [MonthBar]
        let monthLabel: MonthLabel?
    }
    /// A bar's rectangle and colour; the template reads `x`, `y`, `width`, `height` and `fill`.
    struct MonthBar {
        let box: ChartBox
        let fill: String
    }
    typealias MonthLabel = ChartLabel
    struct Refusal { let reason, type, count: String }
    struct Renewals {
        let statuses: [String]
        let tallies: [Tally]
    }
    struct Tally {
        let policyYear: Int
        let cells: [Cell]
        let total: String
    }
    struct Cell { let status, count: String }

    let stats: [Stat]
    let monthChart: Chart?
    let legend: [PersonTimelineView.Swatch]
    let refusals: [Refusal]
    let hasRefusals: Bool
    let renewals: Renewals?
    let samplePersons: [String]
    let hasSamplePersons: Bool

    init(_ overview: CityOverview) {
        stats = [
            Stat(value: HTML.count(overview.personsWithCoverage), label: "people with coverage", isRefused: false),
            Stat(value: HTML.count(overview.eventsStored), label: "events stored", isRefused: false),
            Stat(value: HTML.count(overview.eventsRefused), label: "events refused", isRefused: overview.eventsRefused > 0),
        ]
        monthChart = CityOverviewPage.chart(overview.months)
        legend = ["annual", "newborn", "month_after_payment"].map { basis in
            PersonTimelineView.Swatch(background: PageStyle.colour(basis: basis), text: PageStyle.label(basis: basis))
        }
        refusals = overview.topRefusals.map { row in
            Refusal(reason: row.reason, type: row.type ?? "(unreadable)", count: HTML.count(row.count))
        }
        hasRefusals = !refusals.isEmpty
        let statuses = RenewalStatus.allCases.map(\.rawValue)
        renewals =
            overview.renewals.isEmpty
            ? nil
            : Renewals(
                statuses: statuses.map { $0.replacingOccurrences(of: "_", with: " ") },
                tallies: overview.renewals.map { tally in
                    Tally(
                        policyYear: tally.policyYear,
                        cells: statuses.map { Cell(status: $0, count: HTML.count(tally.counts[$0] ?? 0)) },
                        total: HTML.count(tally.total)
                    )
                }
            )
        samplePersons = overview.samplePersons
        hasSamplePersons = !samplePersons.isEmpty
    }
}
