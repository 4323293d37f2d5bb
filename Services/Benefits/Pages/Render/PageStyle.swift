/// Colours and CSS shared by both pages: one place, so the legend and the chart always agree.
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

    static let css = """
        :root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#0f172a;background:#f8fafc}
        body{margin:0}main{max-width:1240px;margin:0 auto;padding:24px 20px 40px}
        h1{font-size:24px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px;color:#334155}
        .sub{color:#64748b;margin:0 0 18px}a{color:#1d4ed8}
        .card{background:#fff;border:1px solid #e2e8f0;border-radius:10px;padding:16px 18px;box-shadow:0 1px 2px rgba(15,23,42,.05)}
        .stats{display:flex;gap:14px;flex-wrap:wrap;margin:6px 0 6px}
        .stat{flex:1 1 180px}.stat b{display:block;font-size:26px}.stat span{color:#64748b;font-size:13px}
        .legend{display:flex;flex-wrap:wrap;gap:8px 18px;font-size:13px;color:#334155;margin:10px 2px 0}
        .legend i{display:inline-block;width:14px;height:14px;border-radius:3px;vertical-align:-2px;margin-right:6px}
        table{border-collapse:collapse;width:100%;font-size:14px}
        th,td{text-align:left;padding:7px 8px;border-bottom:1px solid #e2e8f0;vertical-align:top}
        th{color:#475569;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
        .refused{color:#dc2626}.struck{text-decoration:line-through;color:#94a3b8}
        svg{display:block;width:100%;height:auto}svg text{font-family:inherit}
        .persons{display:flex;flex-wrap:wrap;gap:8px}.persons a{background:#eff6ff;border-radius:6px;padding:4px 10px;text-decoration:none}
        .note{color:#64748b;font-size:13px}
        """
}
