import RuleTables
import Testing

@testable import InsuranceDomain

/// The second pass's decisions that are not periods and statuses (those are in
/// `CoverageTable.secondPass`): what the intake refuses for an assumed year, the source-group
/// setting, and the facts read by day.
@Suite struct SecondPassRulesTests {
    struct IntakeRow: Sendable, CustomTestStringConvertible {
        let name: String
        let policyYear: Int
        let dueFen: Int
        /// nil: accepted; else the refusal's field.
        let refusedField: String?
        var testDescription: String { name }
    }

    static let intakeRows: [IntakeRow] = [
        IntakeRow(
            name: "rule 10 decision: 2025, listed but assumed, never refuses a due above 2024's premium",
            policyYear: 2025,
            dueFen: 45000,
            refusedField: nil
        ),
        IntakeRow(
            name: "rule 10 decision: 2026, listed but assumed, never refuses a due above 2024's premium",
            policyYear: 2026,
            dueFen: 46800,
            refusedField: nil
        ),
        IntakeRow(name: "rule 10 decision: 2023, listed but assumed, never refuses either", policyYear: 2023, dueFen: 50000, refusedField: nil),
        IntakeRow(name: "rule 10: a year the file does not list never refuses", policyYear: 2031, dueFen: 99000, refusedField: nil),
        IntakeRow(name: "rule 10: 2024, published, refuses a due above its premium", policyYear: 2024, dueFen: 43633, refusedField: "data.dueFen"),
        IntakeRow(name: "rule 10: 2024, published, accepts its premium", policyYear: 2024, dueFen: 43632, refusedField: nil),
    ]

    @Test(arguments: intakeRows)
    func assumedYearsNeverRefuseAPayment(row: IntakeRow) {
        let data =
            #"{"paymentId":"T-1","personId":"P1","policyYear":\#(row.policyYear),"amountFen":\#(row.dueFen),"dueFen":\#(row.dueFen),"paidAt":"2024-09-10T09:00:00+08:00"}"#
        let result = EventIntake.validate(
            json: Fixtures.json(type: InsuranceEventType.contributionPaid.rawValue, data: data),
            policy: Fixtures.policy
        )
        switch result {
        case .success: #expect(row.refusedField == nil, "accepted, expected a refusal of \(row.refusedField ?? "")")
        case .failure(let error): #expect(error.problems.map(\.field) == [row.refusedField].compactMap { $0 }, "\(error.problems)")
        }
    }

    @Test func onlyPublishedYearsArePublished() {
        #expect(Fixtures.policy.publishedYear(2024) != nil)
        #expect(Fixtures.policy.publishedYear(2025) == nil)
        #expect(Fixtures.policy.listedYear(2025) != nil)
        #expect(Fixtures.policy.publishedYear(2040) == nil)
    }

    struct GroupsRow: Sendable, CustomTestStringConvertible {
        let setting: String
        /// nil: valid; else a part of the error's text.
        let error: String?
        var testDescription: String { "PAYMENT_SOURCE_GROUPS=\(setting)" }
    }

    static let groupRows: [GroupsRow] = [
        GroupsRow(setting: "/tax/payments,/tax/refunds", error: nil),
        GroupsRow(setting: " /tax/payments , /tax/refunds ; /school/a,/school/b,/school/c ", error: nil),
        GroupsRow(setting: "", error: nil),
        GroupsRow(setting: "/tax/payments", error: "group 1 must name at least two sources, it names 1"),
        GroupsRow(setting: "/a,/b;/b,/c", error: "the source '/b' is named twice"),
        GroupsRow(setting: "/a,", error: "group 1: a source must be 1–256 characters"),
        GroupsRow(setting: "/a,/b c", error: "must not contain white space"),
    ]

    @Test(arguments: groupRows)
    func sourceGroupSettingIsChecked(row: GroupsRow) {
        do {
            _ = try SourceGroups(setting: row.setting)
            #expect(row.error == nil)
        } catch {
            #expect(row.error.map { error.description.contains($0) } == true, "\(error)")
        }
    }

    @Test func sourceGroupsJoinOnlyTheirOwnSources() throws {
        let groups = try SourceGroups(setting: "/tax/payments,/tax/refunds;/school/a,/school/b")
        #expect(groups.sameUpstream("/tax/payments", "/tax/refunds"))
        #expect(groups.sameUpstream("/school/b", "/school/a"))
        #expect(!groups.sameUpstream("/tax/payments", "/school/a"))
        #expect(groups.sameUpstream("/other", "/other"))
        #expect(!groups.sameUpstream("/other", "/tax/refunds"))
        #expect(!SourceGroups.none.sameUpstream("/tax/payments", "/tax/refunds"))
    }

    /// Rule 8: facts read on a day are the latest registration's as of that day.
    @Test func householdRegistrationIsReadAsOfTheDay() {
        let p = "SP-hukou"
        let c = Fixtures.evaluate(
            p,
            [
                Fixtures.registered(p, born: "2012-03-07", applied: "2024-08-01", hukou: .local, category: .pupil),
                Fixtures.registered(p, born: "2012-03-07", applied: "2025-03-01", hukou: .nonLocal, category: .pupil, guardianMonths: 20),
                Fixtures.paid(p, year: 2024, at: "2024-09-10T10:00:00+08:00"),
            ]
        )
        #expect(c.householdRegistration(on: Fixtures.date("2024-07-01")) == .local)
        #expect(c.householdRegistration(on: Fixtures.date("2025-01-01")) == .local)
        #expect(c.householdRegistration(on: Fixtures.date("2025-03-01")) == .nonLocal)
        #expect(c.householdRegistration == .nonLocal)
        #expect(c.notEligibleReason(on: Fixtures.date("2025-06-01")) == nil)

        // The estimate's long-term-residence route reads the household registration of the day.
        func residence(on day: String) -> [String] {
            let visit = Visit(
                day: Fixtures.date(day),
                care: .inpatient,
                costFen: 100_000,
                facilityLevel: 2,
                location: .elsewhere,
                route: .registeredResidence
            )
            guard case .success(let estimate) = BenefitEstimator.estimate(visit, coverage: c, policy: Fixtures.policy) else { return ["problem"] }
            return estimate.reasons.map(\.code)
        }
        #expect(residence(on: "2025-01-10") == [])
        #expect(residence(on: "2025-06-01") == ["residence_needs_local_registration", "temporary_care_elsewhere"])
    }
}
