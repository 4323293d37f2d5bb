import Testing

@testable import InsuranceDomain

@Suite struct LocalDateTests {
    @Test(arguments: [
        ("2024-02-29", true), ("2025-02-29", false), ("2024-13-01", false), ("2024-04-31", false),
        ("2024-1-01", false), ("20240101", false), ("2024-09-30", true), ("0000-01-01", false),
    ])
    func parsing(text: String, valid: Bool) {
        #expect((LocalDate(text) != nil) == valid)
        if valid { #expect(LocalDate(text)!.description == text) }
    }

    @Test(arguments: [
        ("2024-08-31", 6, "2025-02-28"), ("2023-08-31", 6, "2024-02-29"), ("2024-01-31", 1, "2024-02-29"),
        ("2025-01-10", 6, "2025-07-10"), ("2024-12-15", 1, "2025-01-15"), ("2024-03-01", -3, "2023-12-01"),
    ])
    func addingMonths(start: String, months: Int, expected: String) {
        #expect(LocalDate(start)!.adding(months: months).description == expected)
    }

    @Test func dayArithmeticRoundTrips() {
        var d = LocalDate("1999-12-25")!
        for _ in 0..<4000 {
            let next = d.adding(days: 1)
            #expect(next > d)
            #expect(LocalDate(daysSinceEpoch: next.daysSinceEpoch) == next)
            d = next
        }
        #expect(LocalDate("1970-01-01")!.daysSinceEpoch == 0)
        #expect(LocalDate("2000-03-01")!.daysSinceEpoch - LocalDate("2000-02-28")!.daysSinceEpoch == 2)
    }

    @Test(arguments: [
        ("2012-02-29", "2026-02-28", 13), ("2012-02-29", "2026-03-01", 14), ("2012-02-29", "2024-02-29", 12),
        ("2011-10-02", "2025-10-01", 13), ("2011-10-02", "2025-10-02", 14),
    ])
    func age(born: String, on: String, expected: Int) {
        #expect(LocalDate(born)!.age(on: LocalDate(on)!) == expected)
    }
}
