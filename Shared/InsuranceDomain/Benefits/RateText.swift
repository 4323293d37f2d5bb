/// Exact decimal text for rates held as integers.
enum RateText {
    /// `units` parts of 10^`digits` as a decimal without trailing zeros: (67500000, 8) → "0.675".
    static func decimal(_ units: Int, digits: Int) -> String {
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        let whole = units / scale
        var fraction = String(units % scale)
        fraction = String(repeating: "0", count: max(0, digits - fraction.count)) + fraction
        while fraction.last == "0" { fraction.removeLast() }
        return fraction.isEmpty ? String(whole) : "\(whole).\(fraction)"
    }

    /// Basis points as a percentage: 9000 → "90%", 9050 → "90.5%".
    static func percent(_ basisPoints: Int) -> String { decimal(basisPoints, digits: 2) + "%" }
}
