import InsuranceDomain
import RuleTables

/// Every rule and multiplier of the estimate, with 2024's figures (cap 247131 fen).
enum EstimateTable {
    typealias C = EstimateCase
    static let cap = 247_131

    static let cases: [EstimateCase] = [
        // City rates by level and care.
        C(
            name: "outpatient at the community health centre in force: 75%",
            events: C.child(),
            visit: C.visit(.outpatient, 10_000, code: "SK-1"),
            payableFen: 7_500,
            rate: "0.75",
            capRemainingFen: cap - 7_500,
            reason: nil
        ),
        C(
            name: "facilityCode absent means the facility in force",
            events: C.child(),
            visit: C.visit(.outpatient, 10_000),
            payableFen: 7_500,
            rate: "0.75",
            capRemainingFen: cap - 7_500,
            reason: nil
        ),
        C(
            name: "outpatient at the level-2 hospital in force: 65%",
            events: C.hospitalChild(),
            visit: C.visit(.outpatient, 10_000, code: "H-2"),
            payableFen: 6_500,
            rate: "0.65",
            capRemainingFen: cap - 6_500,
            reason: nil
        ),
        C(
            name: "outpatient at a level-3 hospital on referral: 55%",
            events: C.child(),
            visit: C.visit(.outpatient, 10_000, code: "H-9", level: 3, route: .referral),
            payableFen: 5_500,
            rate: "0.55",
            capRemainingFen: cap - 5_500,
            reason: nil
        ),
        C(
            name: "consultation fee at level 1: 80%, not the outpatient rate",
            events: C.child(),
            visit: C.visit(.consultation, 1_000),
            payableFen: 800,
            rate: "0.8",
            capRemainingFen: cap - 800,
            reason: nil
        ),
        C(
            name: "consultation fee at level 2: 70%",
            events: C.hospitalChild(),
            visit: C.visit(.consultation, 1_000),
            payableFen: 700,
            rate: "0.7",
            capRemainingFen: cap - 700,
            reason: nil
        ),
        C(
            name: "consultation fee at level 3 on referral: 60%",
            events: C.child(),
            visit: C.visit(.consultation, 1_000, code: "H-9", level: 3, route: .referral),
            payableFen: 600,
            rate: "0.6",
            capRemainingFen: cap - 600,
            reason: nil
        ),
        C(
            name: "inpatient level 1: 92% above a deductible of 0",
            events: C.child(),
            visit: C.visit(.inpatient, 100_000, code: "H-1", level: 1),
            payableFen: 92_000,
            rate: "0.92",
            capRemainingFen: nil,
            reason: nil
        ),
        C(
            name: "inpatient level 2: 91%",
            events: C.child(),
            visit: C.visit(.inpatient, 100_000, code: "H-2", level: 2),
            payableFen: 91_000,
            rate: "0.91",
            capRemainingFen: nil,
            reason: nil
        ),
        C(
            name: "inpatient level 3: 90%, anywhere in the city (no facility rule)",
            events: C.child(),
            visit: C.visit(.inpatient, 100_000, code: "H-3", level: 3),
            payableFen: 90_000,
            rate: "0.9",
            capRemainingFen: nil,
            reason: nil
        ),
        // The facility rule.
        C(
            name: "outpatient at a facility not in force (a hospital in force: no settling network): nothing",
            events: C.hospitalChild(),
            visit: C.visit(.outpatient, 10_000, code: "SK-OTHER"),
            payableFen: 0,
            rate: "0",
            capRemainingFen: nil,
            reason: "not_facility_in_force"
        ),
        C(
            name: "consultation at a facility not in force (a hospital in force: no settling network): nothing",
            events: C.hospitalChild(),
            visit: C.visit(.consultation, 1_000, code: "SK-OTHER"),
            payableFen: 0,
            rate: "0",
            capRemainingFen: nil,
            reason: "not_facility_in_force"
        ),
        C(
            name: "outpatient before any facility is in force: nothing",
            events: C.child(),
            visit: C.visit(.outpatient, 10_000, on: "2024-10-04"),
            payableFen: 0,
            rate: "0",
            capRemainingFen: nil,
            reason: "no_facility_in_force"
        ),
        C(
            name: "emergency in the city at any facility: city rate of its level",
            events: C.child(),
            visit: C.visit(.outpatient, 10_000, code: "H-7", level: 2, route: .emergency),
            payableFen: 6_500,
            rate: "0.65",
            capRemainingFen: cap - 6_500,
            reason: nil
        ),
        C(
            name: "the day before the 14th birthday the hospital chosen is in force",
            events: C.hospitalChild(born: "2010-11-15"),
            visit: C.visit(.outpatient, 10_000, on: "2024-11-14", code: "H-2"),
            payableFen: 6_500,
            rate: "0.65",
            capRemainingFen: cap - 6_500,
            reason: nil
        ),
        C(
            name: "from the 14th birthday the hospital choice lapses: nothing",
            events: C.hospitalChild(born: "2010-11-15"),
            visit: C.visit(.outpatient, 10_000, on: "2024-11-15", code: "H-2"),
            payableFen: 0,
            rate: "0",
            capRemainingFen: nil,
            reason: "hospital_choice_lapsed"
        ),
        // Coverage.
        C(
            name: "a day before coverage starts: not covered, nothing",
            events: C.child(),
            visit: C.visit(.inpatient, 100_000, on: "2024-09-20", level: 1),
            payableFen: 0,
            rate: "0",
            capRemainingFen: nil,
            reason: "not_covered",
            covered: false
        ),
        C(
            name: "after a stop: not covered, nothing",
            events: C.child(extra: [Fixtures.stopped(C.person, on: "2025-01-01")]),
            visit: C.visit(.outpatient, 10_000, on: "2025-02-01"),
            payableFen: 0,
            rate: "0",
            capRemainingFen: nil,
            reason: "not_covered",
            covered: false
        ),
        // The annual cap.
        C(
            name: "the cap crossed inside one visit: paid up to the cap",
            events: C.child(),
            visit: C.visit(.outpatient, 10_000, used: 245_000),
            payableFen: 2_131,
            rate: "0.75",
            capRemainingFen: 0,
            reason: "cap_crossed"
        ),
        C(
            name: "consultation fees count against the same cap",
            events: C.child(),
            visit: C.visit(.consultation, 10_000, used: 246_131),
            payableFen: 1_000,
            rate: "0.8",
            capRemainingFen: 0,
            reason: "cap_crossed"
        ),
        C(
            name: "the cap used up: nothing",
            events: C.child(),
            visit: C.visit(.outpatient, 10_000, used: cap),
            payableFen: 0,
            rate: "0.75",
            capRemainingFen: 0,
            reason: "cap_reached"
        ),
        C(
            name: "more used than the cap: nothing",
            events: C.child(),
            visit: C.visit(.outpatient, 10_000, used: cap + 5_000),
            payableFen: 0,
            rate: "0.75",
            capRemainingFen: 0,
            reason: "cap_reached"
        ),
        C(
            name: "the cap does not touch inpatient care",
            events: C.child(),
            visit: C.visit(.inpatient, 100_000, level: 1, used: cap),
            payableFen: 92_000,
            rate: "0.92",
            capRemainingFen: nil,
            reason: nil
        ),
        // Outside the city.
        C(
            name: "elsewhere with a registered long-term residence (local child): city rate",
            events: C.child(),
            visit: C.visit(.outpatient, 10_000, level: 1, where: .elsewhere, route: .registeredResidence),
            payableFen: 7_500,
            rate: "0.75",
            capRemainingFen: cap - 7_500,
            reason: nil
        ),
        C(
            name: "elsewhere on referral: city rate",
            events: C.child(),
            visit: C.visit(.inpatient, 100_000, level: 3, where: .elsewhere, route: .referral),
            payableFen: 90_000,
            rate: "0.9",
            capRemainingFen: nil,
            reason: nil
        ),
        C(
            name: "elsewhere in an emergency: 90% of the city rate",
            events: C.child(),
            visit: C.visit(.outpatient, 10_000, level: 1, where: .elsewhere, route: .emergency),
            payableFen: 6_750,
            rate: "0.675",
            capRemainingFen: cap - 6_750,
            reason: "emergency_elsewhere"
        ),
        C(
            name: "elsewhere, other temporary care: 80% of the city rate",
            events: C.child(),
            visit: C.visit(.outpatient, 10_000, level: 1, where: .elsewhere, route: .temporary),
            payableFen: 6_000,
            rate: "0.6",
            capRemainingFen: cap - 6_000,
            reason: "temporary_care_elsewhere"
        ),
        C(
            name: "elsewhere without a route is temporary care",
            events: C.child(),
            visit: C.visit(.outpatient, 10_000, level: 1, where: .elsewhere),
            payableFen: 6_000,
            rate: "0.6",
            capRemainingFen: cap - 6_000,
            reason: "temporary_care_elsewhere"
        ),
        C(
            name: "temporary inpatient care within the province: 90% of the city rate",
            events: C.child(),
            visit: C.visit(.inpatient, 100_000, level: 1, where: .elsewhere, route: .temporary, inProvince: true),
            payableFen: 82_800,
            rate: "0.828",
            capRemainingFen: nil,
            reason: "temporary_care_elsewhere"
        ),
        C(
            name: "temporary inpatient care outside the province: 80%",
            events: C.child(),
            visit: C.visit(.inpatient, 100_000, level: 1, where: .elsewhere, route: .temporary, inProvince: false),
            payableFen: 73_600,
            rate: "0.736",
            capRemainingFen: nil,
            reason: "temporary_care_elsewhere"
        ),
        C(
            name: "temporary outpatient care within the province stays at 80%",
            events: C.child(),
            visit: C.visit(.outpatient, 10_000, level: 1, where: .elsewhere, route: .temporary, inProvince: true),
            payableFen: 6_000,
            rate: "0.6",
            capRemainingFen: cap - 6_000,
            reason: "temporary_care_elsewhere"
        ),
        C(
            name: "a non-local pupil's registered residence counts as temporary care",
            events: C.child(hukou: .nonLocal),
            visit: C.visit(.outpatient, 10_000, level: 1, where: .elsewhere, route: .registeredResidence),
            payableFen: 6_000,
            rate: "0.6",
            capRemainingFen: cap - 6_000,
            reason: "residence_needs_local_registration"
        ),
        // Rounding: down to the fen, once.
        C(
            name: "rounding: 3333 × 75% = 2499.75 → 2499",
            events: C.child(),
            visit: C.visit(.outpatient, 3_333),
            payableFen: 2_499,
            rate: "0.75",
            capRemainingFen: cap - 2_499,
            reason: nil
        ),
        C(
            name: "rounding: 3333 × 67.5% = 2249.775 → 2249 (one rounding, after the multiplier)",
            events: C.child(),
            visit: C.visit(.outpatient, 3_333, level: 1, where: .elsewhere, route: .emergency),
            payableFen: 2_249,
            rate: "0.675",
            capRemainingFen: cap - 2_249,
            reason: "emergency_elsewhere"
        ),
        C(
            name: "a zero cost pays nothing and says nothing",
            events: C.child(),
            visit: C.visit(.outpatient, 0),
            payableFen: 0,
            rate: "0.75",
            capRemainingFen: cap,
            reason: nil
        ),
    ]

    static let problems: [EstimateProblemCase] = [
        EstimateProblemCase(name: "inpatient without a level", visit: C.visit(.inpatient, 100), field: "facilityLevel"),
        EstimateProblemCase(name: "emergency without a level", visit: C.visit(.outpatient, 100, route: .emergency), field: "facilityLevel"),
        EstimateProblemCase(name: "level 4", visit: C.visit(.inpatient, 100, level: 4), field: "facilityLevel"),
        EstimateProblemCase(name: "a level other than the facility in force's", visit: C.visit(.outpatient, 100, level: 3), field: "facilityLevel"),
        EstimateProblemCase(name: "temporary care in the city", visit: C.visit(.outpatient, 100, level: 1, route: .temporary), field: "route"),
        EstimateProblemCase(
            name: "a registered residence in the city",
            visit: C.visit(.outpatient, 100, level: 1, route: .registeredResidence),
            field: "route"
        ),
        EstimateProblemCase(
            name: "the chosen route elsewhere",
            visit: C.visit(.outpatient, 100, level: 1, where: .elsewhere, route: .chosen),
            field: "route"
        ),
        EstimateProblemCase(name: "inProvince in the city", visit: C.visit(.inpatient, 100, level: 1, inProvince: true), field: "inProvince"),
        EstimateProblemCase(name: "a negative cost", visit: C.visit(.outpatient, -1), field: "costFen"),
        EstimateProblemCase(name: "a negative use of the fund", visit: C.visit(.outpatient, 100, used: -1), field: "usedFen"),
        EstimateProblemCase(name: "an empty facility code", visit: C.visit(.outpatient, 100, code: ""), field: "facilityCode"),
    ]
}
