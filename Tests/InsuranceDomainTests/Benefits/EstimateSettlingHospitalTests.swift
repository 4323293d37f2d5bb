import InsuranceDomain
import RuleTables
import Testing

/// One row of the settling-hospital table: an estimate row, whether the facility directory is
/// loaded, and a part of the explanation the answer must give.
struct SettlingHospitalCase: Sendable, CustomTestStringConvertible {
    let estimate: EstimateCase
    let withDirectory: Bool
    var explains: String?
    var testDescription: String { estimate.name }

    init(_ estimate: EstimateCase, directory: Bool, explains: String? = nil) {
        self.estimate = estimate
        self.withDirectory = directory
        self.explains = explains
    }
}

/// One visit the estimate must refuse when the directory is loaded, naming the field.
struct SettlingHospitalProblemCase: Sendable, CustomTestStringConvertible {
    let name: String
    let visit: Visit
    let field: String
    var testDescription: String { name }
}

/// Ordinary outpatient care chosen at a community health centre is also paid at the hospital
/// it settles with and that hospital's other centres, at the visited facility's level; the
/// facility directory says which; without it the settling hospital is unknown
/// (docs/estimate-and-renewals.md, rule 2). The child of `EstimateCase.child()` has chosen the
/// community health centre SK-1.
@Suite("Estimate: a community health centre's settling hospital")
struct EstimateSettlingHospitalTests {
    typealias C = EstimateCase
    static let cap = EstimateTable.cap

    /// SK-1 and SK-2 settle with the level-2 hospital H-2; SK-3 with the level-3 hospital H-3;
    /// SK-4 with a hospital the directory does not name.
    static let directoryJSON = """
        {"facilities": [
          {"code": "H-2", "name": "District Hospital", "kind": "hospital", "level": 2},
          {"code": "SK-1", "name": "North Centre", "kind": "community_health_centre", "level": 1, "settlingHospital": "H-2"},
          {"code": "SK-2", "name": "South Centre", "kind": "community_health_centre", "level": 1, "settlingHospital": "H-2"},
          {"code": "H-3", "name": "City Hospital", "kind": "hospital", "level": 3},
          {"code": "SK-3", "name": "East Centre", "kind": "community_health_centre", "level": 1, "settlingHospital": "H-3"},
          {"code": "SK-4", "name": "West Centre", "kind": "community_health_centre", "level": 1},
          {"code": "PC-1", "name": "Corner Clinic", "kind": "primary_clinic", "level": 1}
        ]}
        """

    static func directory() throws -> FacilityDirectory { try FacilityDirectory(json: Array(directoryJSON.utf8)) }

    static func childAt(_ code: String) -> [ValidatedEvent] {
        C.child(facility: Fixtures.facility(C.person, code: code, kind: .communityHealthCentre, on: "2024-10-05"))
    }

    /// Every row fails on the estimate before the directory (which paid nothing at any facility
    /// but the one in force and required a level for every other visit).
    static let rules: [SettlingHospitalCase] = [
        SettlingHospitalCase(
            C(
                name: "no directory: outpatient at another facility than the centre in force pays nothing, settling hospital unknown",
                events: C.child(),
                visit: C.visit(.outpatient, 10_000, code: "H-2"),
                payableFen: 0,
                rate: "0",
                capRemainingFen: nil,
                reason: "settling_hospital_unknown"
            ),
            directory: false,
            explains: "the settling hospital of the community health centre in force (SK-1) is unknown because no facility directory is loaded"
        ),
        SettlingHospitalCase(
            C(
                name: "no directory: a consultation at another centre pays nothing, settling hospital unknown",
                events: C.child(),
                visit: C.visit(.consultation, 1_000, code: "SK-2"),
                payableFen: 0,
                rate: "0",
                capRemainingFen: nil,
                reason: "settling_hospital_unknown"
            ),
            directory: false,
            explains: "no facility directory is loaded"
        ),
        SettlingHospitalCase(
            C(
                name: "the centre's settling hospital: outpatient at its level-2 rate, 65%",
                events: C.child(),
                visit: C.visit(.outpatient, 10_000, code: "H-2"),
                payableFen: 6_500,
                rate: "0.65",
                capRemainingFen: cap - 6_500,
                reason: nil
            ),
            directory: true
        ),
        SettlingHospitalCase(
            C(
                name: "the centre's settling hospital: a consultation at its level-2 rate, 70%",
                events: C.child(),
                visit: C.visit(.consultation, 1_000, code: "H-2"),
                payableFen: 700,
                rate: "0.7",
                capRemainingFen: cap - 700,
                reason: nil
            ),
            directory: true
        ),
        SettlingHospitalCase(
            C(
                name: "the settling hospital with its own level given: accepted",
                events: C.child(),
                visit: C.visit(.outpatient, 10_000, code: "H-2", level: 2),
                payableFen: 6_500,
                rate: "0.65",
                capRemainingFen: cap - 6_500,
                reason: nil
            ),
            directory: true
        ),
        SettlingHospitalCase(
            C(
                name: "another centre of the settling hospital: level-1 rate, 75%",
                events: C.child(),
                visit: C.visit(.outpatient, 10_000, code: "SK-2"),
                payableFen: 7_500,
                rate: "0.75",
                capRemainingFen: cap - 7_500,
                reason: nil
            ),
            directory: true
        ),
        SettlingHospitalCase(
            C(
                name: "a visit to the settling hospital shares the annual cap",
                events: C.child(),
                visit: C.visit(.outpatient, 10_000, code: "H-2", used: 245_000),
                payableFen: 2_131,
                rate: "0.65",
                capRemainingFen: 0,
                reason: "cap_crossed"
            ),
            directory: true
        ),
        SettlingHospitalCase(
            C(
                name: "a centre in force that the directory does not list: settling hospital unknown",
                events: childAt("SK-9"),
                visit: C.visit(.outpatient, 10_000, code: "H-2"),
                payableFen: 0,
                rate: "0",
                capRemainingFen: nil,
                reason: "settling_hospital_unknown"
            ),
            directory: true,
            explains: "(SK-9) is unknown because the facility directory does not name it"
        ),
        SettlingHospitalCase(
            C(
                name: "a centre in force listed without a settling hospital: settling hospital unknown",
                events: childAt("SK-4"),
                visit: C.visit(.outpatient, 10_000, code: "H-2"),
                payableFen: 0,
                rate: "0",
                capRemainingFen: nil,
                reason: "settling_hospital_unknown"
            ),
            directory: true,
            explains: "the facility directory does not name it"
        ),
        SettlingHospitalCase(
            C(
                name: "an emergency at a listed hospital needs no level: the directory's, 55%",
                events: C.child(),
                visit: C.visit(.outpatient, 10_000, code: "H-3", route: .emergency),
                payableFen: 5_500,
                rate: "0.55",
                capRemainingFen: cap - 5_500,
                reason: nil
            ),
            directory: true
        ),
        SettlingHospitalCase(
            C(
                name: "inpatient care at a listed hospital needs no level: the directory's, 90%",
                events: C.child(),
                visit: C.visit(.inpatient, 100_000, code: "H-3"),
                payableFen: 90_000,
                rate: "0.9",
                capRemainingFen: nil,
                reason: nil
            ),
            directory: true
        ),
    ]

    /// What the directory does not change: these rows answer the same before and after it.
    static let unchanged: [SettlingHospitalCase] = [
        SettlingHospitalCase(
            C(
                name: "unchanged: a centre settling with another hospital is not the facility in force",
                events: C.child(),
                visit: C.visit(.outpatient, 10_000, code: "SK-3"),
                payableFen: 0,
                rate: "0",
                capRemainingFen: nil,
                reason: "not_facility_in_force"
            ),
            directory: true,
            explains: "not at SK-3"
        ),
        SettlingHospitalCase(
            C(
                name: "unchanged: another hospital than the settling one is not the facility in force",
                events: C.child(),
                visit: C.visit(.outpatient, 10_000, code: "H-3"),
                payableFen: 0,
                rate: "0",
                capRemainingFen: nil,
                reason: "not_facility_in_force"
            ),
            directory: true
        ),
        SettlingHospitalCase(
            C(
                name: "unchanged: a facility the directory does not list is not the facility in force",
                events: C.child(),
                visit: C.visit(.outpatient, 10_000, code: "SK-OTHER"),
                payableFen: 0,
                rate: "0",
                capRemainingFen: nil,
                reason: "not_facility_in_force"
            ),
            directory: true
        ),
        SettlingHospitalCase(
            C(
                name: "unchanged: a hospital in force has no network, with or without the directory",
                events: C.hospitalChild(),
                visit: C.visit(.outpatient, 10_000, code: "SK-1"),
                payableFen: 0,
                rate: "0",
                capRemainingFen: nil,
                reason: "not_facility_in_force"
            ),
            directory: true
        ),
        SettlingHospitalCase(
            C(
                name: "unchanged: a hospital in force, no directory: not the facility in force (no settling hospital to know)",
                events: C.hospitalChild(),
                visit: C.visit(.outpatient, 10_000, code: "SK-1"),
                payableFen: 0,
                rate: "0",
                capRemainingFen: nil,
                reason: "not_facility_in_force"
            ),
            directory: false
        ),
        SettlingHospitalCase(
            C(
                name: "unchanged: the centre in force itself, with the directory: 75%",
                events: C.child(),
                visit: C.visit(.outpatient, 10_000, code: "SK-1"),
                payableFen: 7_500,
                rate: "0.75",
                capRemainingFen: cap - 7_500,
                reason: nil
            ),
            directory: true
        ),
    ]

    static let problems: [SettlingHospitalProblemCase] = [
        // Fail on the estimate before the directory (which answered these visits).
        SettlingHospitalProblemCase(
            name: "a level contradicting the directory at the settling hospital",
            visit: C.visit(.outpatient, 100, code: "H-2", level: 3),
            field: "facilityLevel"
        ),
        SettlingHospitalProblemCase(
            name: "an emergency with a level contradicting the directory",
            visit: C.visit(.outpatient, 100, code: "H-3", level: 2, route: .emergency),
            field: "facilityLevel"
        ),
        // Unchanged: refused before the directory too.
        SettlingHospitalProblemCase(
            name: "unchanged: the centre in force given another level than its own",
            visit: C.visit(.outpatient, 100, code: "SK-1", level: 2),
            field: "facilityLevel"
        ),
        // Unchanged: outside the city the directory is not consulted (its codes are the city's).
        SettlingHospitalProblemCase(
            name: "unchanged: outside the city a listed code still needs a level",
            visit: C.visit(.inpatient, 100, code: "H-3", where: .elsewhere, route: .referral),
            field: "facilityLevel"
        ),
    ]

    @Test("rules of the settling hospital", arguments: rules)
    func rule(_ c: SettlingHospitalCase) throws { try check(c) }

    @Test("what the directory does not change", arguments: unchanged)
    func same(_ c: SettlingHospitalCase) throws { try check(c) }

    @Test("bad visits name the field, with the directory loaded", arguments: problems)
    func problem(_ c: SettlingHospitalProblemCase) throws {
        let coverage = Fixtures.evaluate(C.person, C.child())
        switch BenefitEstimator.estimate(c.visit, coverage: coverage, policy: Fixtures.policy, facilities: try Self.directory()) {
        case .success(let estimate): Issue.record("expected a problem with \(c.field), got \(estimate)")
        case .failure(let problem): #expect(problem.field == c.field)
        }
    }

    @Test("the explanation of an unknown settling hospital names both facilities and says why")
    func explanation() {
        let unloaded = EstimateReason.settlingHospitalUnknown(visited: "H-2", centre: "SK-1", directoryLoaded: false)
        #expect(unloaded.code == "settling_hospital_unknown")
        #expect(unloaded.explanation.contains("(SK-1) is unknown because no facility directory is loaded"))
        #expect(unloaded.explanation.contains("H-2"))
        let unnamed = EstimateReason.settlingHospitalUnknown(visited: "H-2", centre: "SK-1", directoryLoaded: true)
        #expect(unnamed.explanation.contains("the facility directory does not name it"))
    }

    private func check(_ c: SettlingHospitalCase) throws {
        let row = c.estimate
        let coverage = Fixtures.evaluate(C.person, row.events)
        let facilities = c.withDirectory ? try Self.directory() : nil
        let estimate = try BenefitEstimator.estimate(row.visit, coverage: coverage, policy: Fixtures.policy, facilities: facilities).get()
        #expect(estimate.covered == row.covered)
        #expect(estimate.payableFen == row.payableFen)
        #expect(estimate.rate == row.rate)
        #expect(estimate.capRemainingFen == row.capRemainingFen)
        #expect(estimate.reason == row.reason)
        #expect((estimate.reason == nil) == (estimate.explanation == nil))
        if let explains = c.explains {
            #expect(estimate.explanation?.contains(explains) == true, "\(estimate.explanation ?? "no explanation")")
        }
    }
}
