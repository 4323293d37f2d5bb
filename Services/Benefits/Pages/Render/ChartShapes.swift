import Mustache

/// A rectangle of an SVG chart, coordinates already formatted (`HTML.px`): the timeline's
/// boxes and the city chart's bars.
struct ChartBox { let x, y, width, height: String }

/// A text of an SVG chart at a formatted position, plain (the template escapes it).
struct ChartLabel { let x, y, text: String }

extension ChartBox: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "x": x
        case "y": y
        case "width": width
        case "height": height
        default: nil
        }
    }
}

extension ChartLabel: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "x": x
        case "y": y
        case "text": text
        default: nil
        }
    }
}
