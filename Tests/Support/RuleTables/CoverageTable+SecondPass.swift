import InsuranceDomain

extension CoverageTable {
    /// The decisions of the rules review's second pass (docs/rules.md, "Every decision at a
    /// glance"): the latest assessment is what is due; a registration judges the payments made
    /// on or after it; an assumed year never refuses; a reversal from the same upstream counts.
    package static let secondPass: [CoverageCase] = latestAssessment + registrationJudgesLaterPayments + assumedYears + sourceGroups

    /// "Money": when assessments differ, the latest one (by payment time) is what is due.
    package static let latestAssessment: [CoverageCase] = [
        .child(
            "money decision: an incomplete September instalment, then a March assessment paid in full, gives April",
            periods: ["2024 2025-04-01..2025-09-30 month_after_payment"],
            statuses: [("2025-01-15", "paid_not_yet_started"), ("2025-03-20", "paid_not_yet_started"), ("2025-04-01", "covered")]
        ) { p in
            [
                Fixtures.paid(p, year: 2024, amount: 20000, due: 43632, at: "2024-09-10T10:00:00+08:00"),
                Fixtures.paid(p, year: 2024, amount: 21816, due: 21816, at: "2025-03-10T10:00:00+08:00"),
            ]
        },
        .child(
            "money decision: a later, larger assessment is what is due",
            periods: ["2024 2024-12-01..2025-09-30 month_after_payment"],
            statuses: [("2024-10-20", "paid_not_yet_started"), ("2024-12-01", "covered")]
        ) { p in
            [
                Fixtures.paid(p, year: 2024, amount: 10000, due: 21816, at: "2024-09-10T10:00:00+08:00"),
                Fixtures.paid(p, year: 2024, amount: 11816, due: 43632, at: "2024-10-10T10:00:00+08:00"),
                Fixtures.paid(p, year: 2024, amount: 21816, due: 43632, at: "2024-11-10T10:00:00+08:00"),
            ]
        },
    ]

    /// Rule 8: a registration states facts as of its application date and judges the payments
    /// made on or after it; coverage already paid for stays.
    package static let registrationJudgesLaterPayments: [CoverageCase] = [
        .child(
            "rule 8 decision: a registration that does not qualify, applied in 2025, keeps 2023 and 2024 coverage",
            periods: ["2023 2023-10-01..2024-09-30 annual", "2024 2024-10-01..2025-09-30 annual"],
            statuses: [("2025-06-01", "covered"), ("2025-10-15", "not_eligible")],
            registered: false
        ) { p in
            [
                Fixtures.paid(p, year: 2023, at: "2023-09-10T10:00:00+08:00"),
                Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"),
                Fixtures.registered(p, born: "2015-03-07", applied: "2025-03-01", hukou: .nonLocal, category: .childNotInSchool),
                Fixtures.paid(p, year: 2025, at: "2025-09-10T10:00:00+08:00"),
            ]
        },
        .child(
            "rule 8 decision: a registration applied on the day of the payment judges it",
            periods: [],
            statuses: [("2024-11-01", "not_eligible")],
            registered: false
        ) { p in
            [
                Fixtures.registered(p, born: "2015-03-07", applied: "2024-09-10", hukou: .nonLocal, category: .childNotInSchool),
                Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"),
            ]
        },
        .child(
            "rule 8 decision: the latest registration on or before each payment decides it",
            periods: ["2024 2024-10-01..2025-09-30 annual", "2025 2025-12-01..2026-09-30 month_after_payment"],
            statuses: [("2025-10-15", "not_eligible"), ("2025-11-15", "gap_after_late_renewal"), ("2025-12-01", "covered")]
        ) { p in
            [
                // The default registration (a local pupil, 2024-08-01) qualifies; in 2025 the child
                // leaves school without local registration, then is a non-local pupil again.
                Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"),
                Fixtures.registered(p, born: "2015-03-07", applied: "2025-05-01", hukou: .nonLocal, category: .childNotInSchool),
                Fixtures.paid(p, year: 2025, at: "2025-09-10T10:00:00+08:00"),
                Fixtures.registered(
                    p,
                    born: "2015-03-07",
                    applied: "2025-10-20",
                    hukou: .nonLocal,
                    category: .pupil,
                    guardianMonths: 24,
                    id: "reg-pupil-again"
                ),
                Fixtures.paid(p, year: 2025, amount: 43632, due: 43632, at: "2025-11-05T10:00:00+08:00", paymentId: "late-2025"),
            ]
        },
        .child(
            "rule 8 decision: the newborn rule keeps the earliest qualifying registration",
            born: "2025-01-10",
            applied: "2025-02-01",
            category: .childNotInSchool,
            periods: ["2024 2025-01-10..2025-09-30 newborn"]
        ) { p in
            [
                // A later registration, made after the newborn window, changes nothing for it.
                Fixtures.registered(p, born: "2025-01-10", applied: "2025-08-01", category: .childNotInSchool, id: "reg-later"),
                Fixtures.paid(p, year: 2024, amount: 25452, due: 25452, at: "2025-05-20T11:00:00+08:00", fromBirth: true),
            ]
        },
    ]

    /// Rule 10: a year that is only assumed (listed but marked `assumed`, or not listed) never
    /// refuses a payment for its premium; the payment counts as any other.
    package static let assumedYears: [CoverageCase] = [
        .child("rule 10 decision: a 2025 payment above 2024's premium counts", periods: ["2025 2025-10-01..2026-09-30 annual"]) { p in
            [Fixtures.paid(p, year: 2025, amount: 45000, due: 45000, at: "2025-09-10T10:00:00+08:00")]
        }
    ]

    /// "Money": a reversal counts from the same upstream as its payment, its source or a
    /// source the operator groups with it (`PAYMENT_SOURCE_GROUPS`).
    package static let sourceGroups: [CoverageCase] = {
        let groups = (try? SourceGroups([["/tax/payments", "/tax/refunds"]])) ?? .none
        let grouped = Fixtures.policy.with(sourceGroups: groups)
        func events(_ p: String, reversalSource: String) -> [ValidatedEvent] {
            [
                Fixtures.wrap(
                    "pay-\(p)",
                    .contributionPaid(
                        ContributionPaid(
                            paymentId: "TAX-\(p)",
                            personId: p,
                            policyYear: 2024,
                            amountFen: 43632,
                            dueFen: 43632,
                            paidAt: Fixtures.instant("2024-09-10T10:00:00+08:00")
                        )
                    ),
                    source: "/tax/payments"
                ),
                Fixtures.wrap(
                    "refund-\(p)",
                    .contributionReversed(
                        ContributionReversed(
                            paymentId: "TAX-\(p)",
                            personId: p,
                            reversedAt: Fixtures.instant("2024-12-01T10:00:00+08:00"),
                            reason: "refund"
                        )
                    ),
                    source: reversalSource
                ),
            ]
        }
        return [
            .child("money decision: a refund from the payment's source group counts", periods: [], statuses: [("2024-12-15", "not_paid")]) {
                events($0, reversalSource: "/tax/refunds")
            }.with(policy: grouped),
            .child("money decision: without source groups a refund from another source is refused", periods: ["2024 2024-10-01..2025-09-30 annual"]) {
                events($0, reversalSource: "/tax/refunds")
            },
            .child("money decision: a refund from outside the group is refused", periods: ["2024 2024-10-01..2025-09-30 annual"]) {
                events($0, reversalSource: "/school/42")
            }.with(policy: grouped),
        ]
    }()
}
