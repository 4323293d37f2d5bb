import InsuranceDomain

extension CoverageTable {
    /// Who is insured (参保对象): a valid registration of a person who does not qualify blocks
    /// coverage (rule 8); payments are kept.
    package static let eligibility: [CoverageCase] = [
        .child(
            "who is insured: non-local pupil with a guardian insured 12 months",
            hukou: .nonLocal,
            guardianMonths: 12,
            periods: ["2024 2024-10-01..2025-09-30 annual"]
        ) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00")]
        },
        .child(
            "who is insured: non-local pupil with a guardian insured 11 months is not eligible",
            hukou: .nonLocal,
            guardianMonths: 11,
            periods: [],
            statuses: [("2024-11-01", "not_eligible")]
        ) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00")]
        },
        .child(
            "who is insured: non-local pupil without the guardian's months is not eligible",
            hukou: .nonLocal,
            periods: [],
            statuses: [("2024-11-01", "not_eligible")]
        ) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00")]
        },
        .child(
            "who is insured: non-local child not in school is never eligible",
            hukou: .nonLocal,
            category: .childNotInSchool,
            guardianMonths: 30,
            periods: [],
            statuses: [("2024-11-01", "not_eligible")]
        ) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00")]
        },
        .child(
            "who is insured: non-local newborn is never eligible",
            born: "2025-01-10",
            applied: "2025-02-03",
            hukou: .nonLocal,
            category: .childNotInSchool,
            guardianMonths: 30,
            periods: [],
            statuses: [("2025-03-01", "not_eligible")]
        ) { p in
            [Fixtures.paid(p, year: 2024, amount: 25452, due: 25452, at: "2025-02-03T11:00:00+08:00", fromBirth: true)]
        },
        .child(
            "who is insured: local child not in school aged 18 is not eligible",
            born: "2006-07-01",
            category: .childNotInSchool,
            periods: [],
            statuses: [("2024-11-01", "not_eligible")]
        ) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00")]
        },
        .child(
            "who is insured: local child not in school aged 17 qualifies",
            born: "2007-08-02",
            category: .childNotInSchool,
            periods: ["2024 2024-10-01..2025-09-30 annual"]
        ) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00")]
        },
        .child(
            "who is insured: non-local university student qualifies",
            born: "2005-03-07",
            hukou: .nonLocal,
            category: .universityStudent,
            periods: ["2024 2024-10-01..2025-09-30 annual"]
        ) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00")]
        },
        .child(
            "who is insured: a later qualifying registration unblocks",
            hukou: .nonLocal,
            category: .childNotInSchool,
            periods: ["2024 2024-10-01..2025-09-30 annual"]
        ) { p in
            [
                Fixtures.registered(
                    p,
                    born: "2015-03-07",
                    applied: "2024-09-02",
                    hukou: .nonLocal,
                    category: .pupil,
                    guardianMonths: 14,
                    id: "reg-corrected"
                ),
                Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"),
            ]
        },
    ]

    /// Rule 7: duplicate enrolment in another city blocks benefits from detection until the
    /// day of resolution, which is covered again.
    package static let duplicateEnrolment: [CoverageCase] = [
        .child(
            "rule 7: the days between detection and resolution are blocked",
            periods: ["2024 2024-10-01..2025-01-09 annual", "2024 2025-02-20..2025-09-30 annual"],
            statuses: [
                ("2025-01-09", "covered"), ("2025-01-10", "duplicate_enrolment"), ("2025-02-19", "duplicate_enrolment"),
                ("2025-02-20", "covered"),
            ],
            registered: false
        ) { p in
            [
                Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"), Fixtures.conflict(p, on: "2025-01-10"),
                Fixtures.resolved(p, on: "2025-02-20"),
            ]
        },
        .child(
            "rule 7: an unresolved conflict blocks from its detection",
            periods: ["2024 2024-10-01..2025-01-09 annual"],
            statuses: [("2025-06-01", "duplicate_enrolment")]
        ) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"), Fixtures.conflict(p, on: "2025-01-10")]
        },
        .child(
            "rule 7: a resolution dated before its detection leaves the conflict open",
            periods: ["2024 2024-10-01..2025-01-09 annual"],
            statuses: [("2025-06-01", "duplicate_enrolment")]
        ) { p in
            [
                Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"), Fixtures.conflict(p, on: "2025-01-10"),
                Fixtures.resolved(p, on: "2025-01-05"),
            ]
        },
        .child("rule 7: a resolution without its detection changes nothing", periods: ["2024 2024-10-01..2025-09-30 annual"]) { p in
            [Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"), Fixtures.resolved(p, on: "2025-01-05")]
        },
        .child(
            "rule 7: a conflict across the start of a period delays it",
            periods: ["2024 2024-11-01..2025-09-30 annual"],
            statuses: [("2024-10-15", "duplicate_enrolment")]
        ) { p in
            [
                Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"), Fixtures.conflict(p, on: "2024-09-20"),
                Fixtures.resolved(p, on: "2024-11-01"),
            ]
        },
        .child("rule 7: resolved on the day of detection blocks nothing", periods: ["2024 2024-10-01..2025-09-30 annual"]) { p in
            [
                Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"), Fixtures.conflict(p, on: "2025-01-10"),
                Fixtures.resolved(p, on: "2025-01-10"),
            ]
        },
        .child(
            "rule 7: two conflicts block their own days",
            periods: ["2024 2024-10-01..2024-11-30 annual", "2024 2025-01-01..2025-03-31 annual", "2024 2025-05-01..2025-09-30 annual"]
        ) { p in
            [
                Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"),
                Fixtures.conflict(p, id: "C-1", on: "2024-12-01"), Fixtures.resolved(p, id: "C-1", on: "2025-01-01"),
                Fixtures.conflict(p, id: "C-2", region: "440600", on: "2025-04-01"), Fixtures.resolved(p, id: "C-2", on: "2025-05-01"),
            ]
        },
    ]

    /// Rule 9: a newborn paying from birth is covered from birth without a gap across policy years.
    package static let newbornsAcrossYears: [CoverageCase] = [
        .child(
            "rule 9: newborn born in August, enrolled after 30 September, is covered without a gap",
            born: "2025-08-10",
            applied: "2025-11-15",
            category: .childNotInSchool,
            periods: ["2024 2025-08-10..2025-09-30 newborn", "2025 2025-10-01..2026-09-30 newborn"]
        ) { p in
            [
                Fixtures.paid(p, year: 2024, amount: 3636, due: 3636, at: "2025-11-15T10:00:00+08:00", fromBirth: true),
                Fixtures.paid(p, year: 2025, at: "2025-11-15T10:05:00+08:00"),
            ]
        },
        .child(
            "rule 9: the next year's payment on birth + 6 months still starts in October",
            born: "2025-08-10",
            applied: "2025-11-15",
            category: .childNotInSchool,
            periods: ["2024 2025-08-10..2025-09-30 newborn", "2025 2025-10-01..2026-09-30 newborn"]
        ) { p in
            [
                Fixtures.paid(p, year: 2024, amount: 3636, due: 3636, at: "2025-11-15T10:00:00+08:00", fromBirth: true),
                Fixtures.paid(p, year: 2025, at: "2026-02-10T10:00:00+08:00"),
            ]
        },
        .child(
            "rule 9: the next year's payment after birth + 6 months starts the month after",
            born: "2025-08-10",
            applied: "2025-11-15",
            category: .childNotInSchool,
            periods: ["2024 2025-08-10..2025-09-30 newborn", "2025 2026-03-01..2026-09-30 month_after_payment"]
        ) { p in
            [
                Fixtures.paid(p, year: 2024, amount: 3636, due: 3636, at: "2025-11-15T10:00:00+08:00", fromBirth: true),
                Fixtures.paid(p, year: 2025, at: "2026-02-11T10:00:00+08:00"),
            ]
        },
        .child(
            "rule 9: enrolled before 30 September, the next year follows rules 1 and 3",
            born: "2025-04-01",
            applied: "2025-09-20",
            category: .childNotInSchool,
            periods: ["2024 2025-04-01..2025-09-30 newborn", "2025 2025-11-01..2026-09-30 month_after_payment"]
        ) { p in
            [
                Fixtures.paid(p, year: 2024, amount: 18180, due: 18180, at: "2025-09-20T10:00:00+08:00", fromBirth: true),
                Fixtures.paid(p, year: 2025, at: "2025-10-01T10:00:00+08:00"),
            ]
        },
    ]
}
