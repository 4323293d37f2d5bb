import Mustache

// Field lookups for the templates without reflection: Mustache's default (`Mirror`) made a
// forty-year timeline (480 month ticks) fifty times slower to render than the string builders.
// A name not listed is not found, as a missing field would be (see `PersonTimelineView`).

extension TimelineChartView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "palette": palette
        case "width": width
        case "height": height
        case "bands": bands
        case "rowLabels": rowLabels
        case "periods": periods
        case "gaps": gaps
        case "payments": payments
        case "bindings": bindings
        case "axis": axis
        case "tickPath": tickPath
        case "tickLabels": tickLabels
        case "today": today
        case "stop": stop
        default: nil
        }
    }
}

extension Palette: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "gap": gap
        case "payment": payment
        case "refused": refused
        case "accepted": accepted
        case "stop": stop
        default: nil
        }
    }
}

extension TimelineChartView.Line: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "x1": x1
        case "x2": x2
        case "y1": y1
        case "y2": y2
        default: nil
        }
    }
}

extension TimelineChartView.Band: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "box": box
        case "fill": fill
        case "year": year
        case "nextYear": nextYear
        case "label": label
        default: nil
        }
    }
}

extension TimelineChartView.Bar: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "box": box
        case "fill": fill
        case "title": title
        case "label": label
        default: nil
        }
    }
}

extension TimelineChartView.Gap: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "box": box
        case "title": title
        default: nil
        }
    }
}

extension TimelineChartView.Payment: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "cx": cx
        case "cy": cy
        case "label": label
        case "counted": counted
        case "strike": strike
        default: nil
        }
    }
}

extension TimelineChartView.Binding: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "cx": cx
        case "cy": cy
        case "accepted": accepted
        case "refused": refused
        default: nil
        }
    }
}

extension TimelineChartView.Accepted: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "bar": bar
        case "label": label
        default: nil
        }
    }
}

extension TimelineChartView.Refused: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "cross": cross
        case "label": label
        default: nil
        }
    }
}

extension TimelineChartView.Marker: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "line": line
        case "label": label
        default: nil
        }
    }
}

extension TimelineChartView.Stop: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "shade": shade
        case "line": line
        case "label": label
        default: nil
        }
    }
}
