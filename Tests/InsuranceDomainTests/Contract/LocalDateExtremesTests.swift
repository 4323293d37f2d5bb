import RuleTables
import Testing

@testable import InsuranceDomain

/// Date arithmetic at the ends of the calendar never traps: results clamp to
/// 0001-01-01...9999-12-31 (stored data may hold any day, and pages must still render).
@Suite struct LocalDateExtremesTests {
    @Test func theEndsRoundTrip() {
        #expect(LocalDate.minimum.description == "0001-01-01")
        #expect(LocalDate.maximum.description == "9999-12-31")
        #expect(LocalDate(daysSinceEpoch: LocalDate.minimum.daysSinceEpoch) == .minimum)
        #expect(LocalDate(daysSinceEpoch: LocalDate.maximum.daysSinceEpoch) == .maximum)
    }

    @Test func arithmeticClampsAtTheEnds() {
        #expect(LocalDate.maximum.adding(days: 1) == .maximum)
        #expect(LocalDate.minimum.adding(days: -1) == .minimum)
        #expect(LocalDate.maximum.adding(months: 1) == .maximum)
        #expect(LocalDate.minimum.adding(months: -1) == .minimum)
        #expect(LocalDate.maximum.firstOfNextMonth == .maximum)
        #expect(LocalDate.maximum.adding(days: .max) == .maximum)
        #expect(LocalDate.minimum.adding(days: .min) == .minimum)
        #expect(LocalDate.maximum.adding(months: .max) == .maximum)
        #expect(LocalDate.minimum.adding(months: .min) == .minimum)
        #expect(LocalDate(daysSinceEpoch: .max) == .maximum)
        #expect(LocalDate(daysSinceEpoch: .min) == .minimum)
        // Ordinary arithmetic is unchanged.
        #expect(Fixtures.date("2024-08-31").adding(months: 6).description == "2025-02-28")
        #expect(Fixtures.date("9999-11-30").adding(months: 1).description == "9999-12-30")
        #expect(Fixtures.date("0001-02-28").adding(months: -1).description == "0001-01-28")
    }

    @Test func clampedDaysAlwaysExist() {
        #expect(LocalDate.clamped(year: 10_000, month: 9, day: 1).description == "9999-09-01")
        #expect(LocalDate.clamped(year: 0, month: 13, day: 40).description == "0001-12-31")
        #expect(LocalDate.clamped(year: 2025, month: 2, day: 29).description == "2025-02-28")
        #expect(LocalDate.clamped(year: .min, month: .min, day: .min) == .minimum)
    }

    @Test func policyYearsAtTheEndsDoNotTrap() {
        for year in [Int.min, -1, 0, 1, 9998, 9999, 10_000, Int.max] {
            let y = PolicyYear(policyYear: year, windowOpensOn: .minimum, windowClosesOn: .maximum, individualPremiumFen: .max, subsidyFen: 0)
            _ = (y.premiumStartsOn, y.benefitsStartOn, y.benefitsEndOn)
            _ = y.dueFen(appliedOn: .maximum)
            _ = y.dueFen(appliedOn: .minimum)
        }
        #expect(
            PolicyYear(policyYear: 9999, windowOpensOn: .minimum, windowClosesOn: .maximum, individualPremiumFen: 1, subsidyFen: 0)
                .benefitsEndOn.description == "9999-09-30",
            "year 10000 is clamped to 9999"
        )
    }

    @Test func timestampsAtTheEndsDoNotTrap() {
        for millis in [Int64.min, Int64.min + 1, -1, 0, Int64.max] {
            let t = Timestamp(millisecondsSinceEpoch: millis)
            _ = t.description
            _ = t.chinaDate
        }
        #expect(Timestamp(rfc3339: "9999-12-31T23:59:59+00:00")?.chinaDate == .maximum)
        _ = Timestamp(rfc3339: "0001-01-01T00:00:00+08:00")?.description
    }

    @Test func agesAtTheEnds() {
        #expect(LocalDate.minimum.age(on: .maximum) == 9998)
        #expect(LocalDate.maximum.age(on: .minimum) < 0)
    }
}
