/// Colours shared by both pages: one place, so the legend and the chart always agree (the CSS
/// is in `Templates/layout.mustache`).
enum PageStyle {
    static let annual = "#2563eb"
    static let newborn = "#f59e0b"
    static let monthAfterPayment = "#10b981"
    static let gap = "#ef4444"
    static let payment = "#7c3aed"
    static let refused = "#dc2626"
    static let accepted = "#0f766e"
    static let stop = "#111827"
    static let bandEven = "#f1f5f9"
    static let bandOdd = "#e2e8f0"

    /// The colour of a coverage basis (`annual`, `newborn`, `month_after_payment`).
    static func colour(basis: String) -> String {
        switch basis {
        case "annual": return annual
        case "newborn": return newborn
        case "month_after_payment": return monthAfterPayment
        default: return "#64748b"
        }
    }

    /// What a basis means, for the legend and tooltips.
    static func label(basis: String) -> String {
        switch basis {
        case "annual": return "Annual (October after on-time payment)"
        case "newborn": return "Newborn (from birth)"
        case "month_after_payment": return "Month after full payment"
        default: return basis
        }
    }
}
