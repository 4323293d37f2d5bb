import InsuranceDomain

/// Every start, end and status rule of docs/rules.md, each case named for the rule it proves.
package enum CoverageTable {
    package static let policy2024 = Fixtures.policy.year(2024)

    package static let cases: [CoverageCase] =
        startRules + restoration + standAlonePayments + eligibility + duplicateEnrolment + newbornsAcrossYears
        + secondPass

    package static let startRules: [CoverageCase] = [
        // Rule 1: annual cohort.
        .child(
            "rule 1: annual: paid in the September window",
            periods: ["2024 2024-10-01..2025-09-30 annual"],
            statuses: [("2024-09-30", "paid_not_yet_started"), ("2024-10-01", "covered"), ("2025-09-30", "covered"), ("2025-10-01", "not_paid")]
        ) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00")]
        },
        .child("rule 1: annual: default renewal deducted in August", periods: ["2024 2024-10-01..2025-09-30 annual"]) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-08-20T03:00:00+08:00")]
        },
        // Rule 3: month after full payment (docs/rules.md example: paid 2024-10-15 → 2024-11-01).
        .child(
            "rule 3: late payment 2024-10-15 starts 2024-11-01",
            periods: ["2024 2024-11-01..2025-09-30 month_after_payment"],
            statuses: [("2024-10-20", "paid_not_yet_started"), ("2024-11-01", "covered")]
        ) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-10-15T10:00:00+08:00")]
        },
        // The month of payment is judged in UTC+8.
        .child("rules 1+3: 23:59 on 30 September UTC+8 is on time", periods: ["2024 2024-10-01..2025-09-30 annual"]) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-09-30T23:59:00+08:00")]
        },
        .child("rules 1+3: 00:01 on 1 October UTC+8 is late", periods: ["2024 2024-11-01..2025-09-30 month_after_payment"]) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-10-01T00:01:00+08:00")]
        },
        .child("rules 1+3: 23:59 on 30 September UTC+8 written in UTC", periods: ["2024 2024-10-01..2025-09-30 annual"]) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-09-30T15:59:00Z")]
        },
        .child("rules 1+3: 00:01 on 1 October UTC+8 written in UTC", periods: ["2024 2024-11-01..2025-09-30 month_after_payment"]) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-09-30T16:01:00Z")]
        },
        // Instalments count from the day their sum reaches the amount due.
        .child(
            "money: instalments completing in a later month",
            periods: ["2024 2024-11-01..2025-09-30 month_after_payment"],
            statuses: [("2024-10-01", "paid_not_yet_started")]
        ) { p in
            [
                Fixtures.paid(p, year: 2024, amount: 20000, at: "2024-09-10T10:00:00+08:00"),
                Fixtures.paid(p, year: 2024, amount: 23632, at: "2024-10-05T10:00:00+08:00"),
            ]
        },
        .child("money: instalments completing in the window", periods: ["2024 2024-10-01..2025-09-30 annual"]) { p in
            [
                Fixtures.paid(p, year: 2024, amount: 20000, at: "2024-09-03T10:00:00+08:00"),
                Fixtures.paid(p, year: 2024, amount: 23632, at: "2024-09-25T10:00:00+08:00"),
            ]
        },
        .child("money: instalments never complete", periods: [], statuses: [("2024-12-01", "payment_incomplete")]) { p in
            [Fixtures.paid(p, year: 2024, amount: 20000, at: "2024-09-03T10:00:00+08:00")]
        },
        // Same paymentId twice = one payment.
        .child("money: same paymentId in two events is one payment", periods: [], statuses: [("2024-12-01", "payment_incomplete")]) { p in
            [
                Fixtures.paid(p, year: 2024, amount: 21816, at: "2024-09-03T10:00:00+08:00", paymentId: "T-9", id: "feed-a"),
                Fixtures.paid(p, year: 2024, amount: 21816, at: "2024-09-03T10:00:00+08:00", paymentId: "T-9", id: "feed-b"),
            ]
        },
        // Reversals remove payments, whenever they arrive.
        .child("rule 5: reversed payment gives nothing", periods: [], statuses: [("2024-12-01", "not_paid")]) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00", paymentId: "T-1"), Fixtures.reversed(p, paymentId: "T-1")]
        },
        .child("rule 5: reversal arriving before its payment", periods: []) { p in
            [
                Fixtures.reversed(p, paymentId: "T-2", at: "2024-09-01T10:00:00+08:00"),
                Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00", paymentId: "T-2"),
            ]
        },
        .child("rule 5: reversed instalment completed later by another payment", periods: ["2024 2025-01-01..2025-09-30 month_after_payment"]) { p in
            [
                Fixtures.paid(p, year: 2024, amount: 20000, at: "2024-09-03T10:00:00+08:00", paymentId: "I-1"),
                Fixtures.paid(p, year: 2024, amount: 23632, at: "2024-09-25T10:00:00+08:00", paymentId: "I-2"),
                Fixtures.reversed(p, paymentId: "I-1"),
                Fixtures.paid(p, year: 2024, amount: 20000, at: "2024-12-05T10:00:00+08:00", paymentId: "I-3"),
            ]
        },
        // Rule 2: newborns (docs/rules.md example: born 2025-01-10, enrolled 2025-05-20, paid from birth).
        .child(
            "rule 2: newborn example",
            born: "2025-01-10",
            applied: "2025-05-20",
            category: .childNotInSchool,
            periods: ["2024 2025-01-10..2025-09-30 newborn"],
            statuses: [("2025-01-09", "paid_not_yet_started"), ("2025-01-10", "covered")]
        ) { p in
            [Fixtures.paid(p, year: 2024, amount: 14544, due: 14544, at: "2025-05-20T11:00:00+08:00", fromBirth: true)]
        },
        .child(
            "rule 2: newborn enrolled on the last day of the 6-month window",
            born: "2025-01-10",
            applied: "2025-07-10",
            category: .childNotInSchool,
            periods: ["2024 2025-01-10..2025-09-30 newborn"]
        ) { p in
            [Fixtures.paid(p, year: 2024, amount: 7272, due: 7272, at: "2025-07-10T11:00:00+08:00", fromBirth: true)]
        },
        .child(
            "rule 3: newborn enrolled the day after the 6-month window",
            born: "2025-01-10",
            applied: "2025-07-11",
            category: .childNotInSchool,
            periods: ["2024 2025-08-01..2025-09-30 month_after_payment"]
        ) { p in
            [Fixtures.paid(p, year: 2024, amount: 7272, due: 7272, at: "2025-07-11T11:00:00+08:00", fromBirth: true)]
        },
        .child(
            "rule 2: leap-day newborn enrolled on 29 August",
            born: "2024-02-29",
            applied: "2024-08-29",
            category: .childNotInSchool,
            periods: ["2023 2024-02-29..2024-09-30 newborn"]
        ) { p in
            [Fixtures.paid(p, year: 2023, amount: 3636, due: 3636, at: "2024-08-29T11:00:00+08:00", fromBirth: true)]
        },
        .child(
            "rule 3: leap-day newborn enrolled on 30 August",
            born: "2024-02-29",
            applied: "2024-08-30",
            category: .childNotInSchool,
            periods: ["2023 2024-09-01..2024-09-30 month_after_payment"]
        ) { p in
            [Fixtures.paid(p, year: 2023, amount: 3636, due: 3636, at: "2024-08-30T11:00:00+08:00", fromBirth: true)]
        },
        .child(
            "rule 3: newborn not paying from birth",
            born: "2025-01-10",
            applied: "2025-05-20",
            category: .childNotInSchool,
            periods: ["2024 2025-06-01..2025-09-30 month_after_payment"]
        ) { p in
            [Fixtures.paid(p, year: 2024, amount: 14544, due: 14544, at: "2025-05-20T11:00:00+08:00")]
        },
        // Rule 4: renewals.
        .child(
            "rule 4: renewal on time continues without a gap",
            periods: ["2024 2024-10-01..2025-09-30 annual", "2025 2025-10-01..2026-09-30 annual"],
            statuses: [("2025-09-30", "covered"), ("2025-10-01", "covered")]
        ) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"), Fixtures.paid(p, year: 2025, at: "2025-08-20T10:00:00+08:00")]
        },
        .child(
            "rule 4: late renewal leaves a gap",
            periods: ["2024 2024-10-01..2025-09-30 annual", "2025 2025-12-01..2026-09-30 month_after_payment"],
            statuses: [("2025-10-15", "gap_after_late_renewal"), ("2025-12-01", "covered")]
        ) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"), Fixtures.paid(p, year: 2025, at: "2025-11-15T10:00:00+08:00")]
        },
        .child("rule 4: paid after the benefit period ended", periods: []) { p in
            [Fixtures.paid(p, year: 2023, at: "2024-09-15T10:00:00+08:00")]
        },
        // Rule 5: stops.
        .child(
            "rule 5: stop cuts the period",
            periods: ["2024 2024-10-01..2025-02-28 annual"],
            statuses: [("2025-02-28", "covered"), ("2025-03-01", "stopped")]
        ) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"), Fixtures.stopped(p, on: "2025-03-01")]
        },
        .child("rule 5: stop before the period starts removes it", periods: [], statuses: [("2024-10-05", "stopped")]) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"), Fixtures.stopped(p, on: "2024-10-01")]
        },
        .child(
            "rule 5: stop before any coverage, then a new payment",
            periods: ["2024 2024-10-01..2025-09-30 annual"],
            statuses: [("2024-07-01", "stopped")]
        ) { p in
            [Fixtures.stopped(p, on: "2024-06-01"), Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00")]
        },
        // Rule 8: what the stream carries.
        .child("rule 8: nothing at all", periods: [], statuses: [("2024-11-01", "not_enrolled")], registered: false) { _ in [] },
        .child("rule 8: registered, never paid", periods: [], statuses: [("2024-11-01", "not_paid")]) { _ in [] },
    ]
}
