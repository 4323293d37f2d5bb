import InsuranceDomain

/// What the timeline's SVG draws, as the template reads it: every coordinate already formatted
/// (`HTML.px`), every text plain (the template escapes it). Built by `TimelineChartView.init`.
struct TimelineChartView {
    typealias Box = ChartBox
    typealias Label = ChartLabel
    struct Band {
        let box: Box
        let fill: String
        let year, nextYear: Int
        let label: Label
    }
    struct Bar {
        let box: Box
        let fill, title: String
        let label: Label?
    }
    struct Gap {
        let box: Box
        let title: String
    }
    struct Payment {
        let title, cx, cy: String
        let label: Label
        let counted: Bool
        let strike: Line?
    }
    struct Line { let x1, x2, y1, y2: String }
    struct Binding {
        let title, cx, cy: String
        let accepted: Accepted?
        let refused: Refused?
    }
    struct Accepted {
        let bar: Box
        let label: Label
    }
    struct Refused {
        let cross: String
        let label: Label
    }
    struct Marker {
        let title: String
        let line: Line
        let label: Label
    }
    struct Stop {
        let title: String
        let shade: Box
        let line: Line
        let label: Label
    }

    let palette = Palette()
    let width, height: String
    let bands: [Band]
    let rowLabels: [Label]
    let periods: [Bar]
    let gaps: [Gap]
    let payments: [Payment]
    let bindings: [Binding]
    let axis: Line
    /// Every month's tick, as one path.
    let tickPath: String
    let tickLabels: [Label]
    let today: Marker
    let stop: Stop?
}

/// The chart's colours (`PageStyle`), for templates.
struct Palette {
    let annual = PageStyle.annual, newborn = PageStyle.newborn, monthAfterPayment = PageStyle.monthAfterPayment
    let gap = PageStyle.gap, payment = PageStyle.payment, refused = PageStyle.refused
    let accepted = PageStyle.accepted, stop = PageStyle.stop, bandOdd = PageStyle.bandOdd
}
