import InsuranceDomain

extension CoverageTable {
    /// Rule 5: a stop ends the period; payments made on or after its effective date are a new
    /// enrolment (恢复) with their own amount due.
    package static let restoration: [CoverageCase] = [
        .child(
            "rule 5: stop then a new payment gives two periods",
            periods: ["2024 2024-10-01..2025-02-28 annual", "2024 2025-04-01..2025-09-30 month_after_payment"],
            statuses: [("2025-03-05", "stopped"), ("2025-03-20", "paid_not_yet_started"), ("2025-04-01", "covered")]
        ) { p in
            [
                Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"), Fixtures.stopped(p, on: "2025-03-01"),
                Fixtures.paid(p, year: 2024, amount: 21816, due: 21816, at: "2025-03-10T10:00:00+08:00"),
            ]
        },
        .child(
            "rule 5: a payment on the stop's effective date is a new enrolment",
            periods: ["2024 2024-10-01..2025-02-28 annual", "2024 2025-04-01..2025-09-30 month_after_payment"]
        ) { p in
            [
                Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"), Fixtures.stopped(p, on: "2025-03-01"),
                Fixtures.paid(p, year: 2024, amount: 21816, due: 21816, at: "2025-03-01T09:00:00+08:00"),
            ]
        },
        .child(
            "rule 5: payments before a stop do not count for the restored enrolment",
            periods: [],
            statuses: [("2024-11-05", "stopped"), ("2024-11-20", "payment_incomplete")]
        ) { p in
            [
                Fixtures.paid(p, year: 2024, amount: 20000, at: "2024-09-03T10:00:00+08:00"), Fixtures.stopped(p, on: "2024-11-01"),
                Fixtures.paid(p, year: 2024, amount: 23632, at: "2024-11-10T10:00:00+08:00"),
            ]
        },
        .child(
            "rule 5: a restoration paid in full counts its own amount due",
            periods: ["2024 2025-01-01..2025-09-30 month_after_payment"]
        ) { p in
            [
                Fixtures.paid(p, year: 2024, amount: 20000, at: "2024-09-03T10:00:00+08:00"), Fixtures.stopped(p, on: "2024-12-01"),
                Fixtures.paid(p, year: 2024, amount: 32724, due: 32724, at: "2024-12-10T10:00:00+08:00"),
            ]
        },
        .child(
            "rule 5: a later stop ends the restored period",
            periods: ["2024 2024-10-01..2024-12-31 annual", "2024 2025-02-01..2025-05-31 month_after_payment"],
            statuses: [("2025-06-01", "stopped")]
        ) { p in
            [
                Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"), Fixtures.stopped(p, on: "2025-01-01"),
                Fixtures.paid(p, year: 2024, amount: 29088, due: 29088, at: "2025-01-05T10:00:00+08:00"),
                Fixtures.stopped(p, on: "2025-06-01"),
            ]
        },
        .child(
            "rule 5: a reversal from another source than the payment's does not count",
            periods: ["2024 2024-10-01..2025-09-30 annual"]
        ) { p in
            [
                Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00", paymentId: "T-src"),
                Fixtures.wrap(
                    "rev-elsewhere",
                    .contributionReversed(
                        ContributionReversed(
                            paymentId: "T-src",
                            personId: p,
                            reversedAt: Fixtures.instant("2024-12-01T10:00:00+08:00"),
                            reason: "refund"
                        )
                    ),
                    source: "school/42"
                ),
            ]
        },
    ]

    /// Rule 8: a payment in full stands on its own; no registration event is needed.
    package static let standAlonePayments: [CoverageCase] = [
        .child(
            "rule 8: a September payment in full without registration gives October",
            periods: ["2024 2024-10-01..2025-09-30 annual"],
            statuses: [("2024-09-20", "paid_not_yet_started"), ("2024-10-01", "covered")],
            registered: false
        ) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00")]
        },
        .child(
            "rule 8: default renewals without registration continue without a gap",
            periods: ["2023 2023-10-01..2024-09-30 annual", "2024 2024-10-01..2025-09-30 annual"],
            registered: false
        ) { p in
            [Fixtures.paid(p, year: 2023, at: "2023-09-05T10:00:00+08:00"), Fixtures.paid(p, year: 2024, at: "2024-08-20T03:00:00+08:00")]
        },
        .child(
            "rule 8: a late payment without registration starts the month after",
            periods: ["2024 2024-11-01..2025-09-30 month_after_payment"],
            registered: false
        ) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-10-15T10:00:00+08:00")]
        },
        .child(
            "rule 8: a from-birth payment without registration waits for it, other rules apply meanwhile",
            periods: ["2024 2025-06-01..2025-09-30 month_after_payment"],
            statuses: [("2025-05-25", "waiting_for_registration"), ("2025-06-01", "covered")],
            registered: false
        ) { p in
            [Fixtures.paid(p, year: 2024, amount: 14544, due: 14544, at: "2025-05-20T11:00:00+08:00", fromBirth: true)]
        },
        .child(
            "rule 8: stops apply without registration",
            periods: ["2024 2024-10-01..2025-02-28 annual"],
            statuses: [("2025-03-01", "stopped")],
            registered: false
        ) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"), Fixtures.stopped(p, on: "2025-03-01")]
        },
        .child(
            "rule 10: a policy year the parameters do not list carries the latest year forward",
            periods: ["2031 2031-10-01..2032-09-30 annual"],
            registered: false
        ) { p in
            [Fixtures.paid(p, year: 2031, at: "2031-09-10T10:00:00+08:00")]
        },
        .child(
            "rule 10: an unlisted year's window carries forward too",
            periods: ["2031 2031-11-01..2032-09-30 month_after_payment"],
            registered: false
        ) { p in
            [Fixtures.paid(p, year: 2031, at: "2031-10-02T10:00:00+08:00")]
        },
    ]
}
