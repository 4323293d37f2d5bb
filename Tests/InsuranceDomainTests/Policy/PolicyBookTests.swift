import RuleTables
import Testing

@testable import InsuranceDomain

@Suite struct PolicyBookTests {
    @Test func bundledDefaultsHoldThe2024Notice() throws {
        let book = PolicyBook.bundledDefaults
        let y = try #require(book.listedYear(2024))
        #expect(y.individualPremiumFen == 43632)
        #expect(y.subsidyFen == 87264)
        // Premium = 1.8% of income, of which the insured pays 0.6% and the city 1.2%.
        #expect(y.subsidyFen == 2 * y.individualPremiumFen)
        #expect(y.windowOpensOn == LocalDate("2024-09-01"))
        #expect(y.windowClosesOn == LocalDate("2024-09-30"))
        #expect(y.assumed == false)
        #expect(book.knownYearsText == "2023–2026")
        #expect([2023, 2025, 2026].allSatisfy { book.year($0).assumed })
        #expect(book.rules == PolicyRules())
    }

    @Test func overrideFromJSON() throws {
        let json =
            #"{"years":[{"policyYear":2027,"windowOpensOn":"2027-09-05","windowClosesOn":"2027-10-10","individualPremiumFen":45000,"subsidyFen":90000,"assumed":false}],"rules":{"newbornEnrolmentMonths":3}}"#
        let book = try PolicyBook(json: Array(json.utf8))
        #expect(book.year(2027).individualPremiumFen == 45000)
        #expect(book.listedYear(2024) == nil)
        #expect(book.rules.newbornEnrolmentMonths == 3)
        #expect(book.rules.hospitalChoiceAgeLimit == 14)
    }

    @Test(arguments: [
        (#"{"years":[]}"#, "no policy years"),
        (
            #"{"years":[{"policyYear":2027,"windowOpensOn":"2027-10-05","windowClosesOn":"2027-09-10","individualPremiumFen":45000,"subsidyFen":90000,"assumed":false}]}"#,
            "policy year 2027: windowOpensOn must not be after windowClosesOn"
        ),
        (
            #"{"years":[{"policyYear":2027,"windowOpensOn":"2027-09-05","windowClosesOn":"2027-10-10","individualPremiumFen":0,"subsidyFen":90000,"assumed":false}]}"#,
            "policy year 2027: individualPremiumFen must be positive and subsidyFen not negative"
        ),
    ])
    func invalidBooksAreRefused(json: String, message: String) {
        do {
            _ = try PolicyBook(json: Array(json.utf8))
            Issue.record("accepted")
        } catch {
            #expect("\(error)" == message)
        }
    }

    @Test func unreadableJSONIsRefused() {
        #expect(throws: PolicyBookError.self) { try PolicyBook(json: Array(#"{"years":[{"policyYear":"x"}]}"#.utf8)) }
    }

    /// Rule 10: a year the file does not list carries the latest listed year before it
    /// forward (the earliest listed one for years before every listed year), marked assumed.
    @Test func rule10UnlistedYearsCarryTheLatestListedYearForward() throws {
        let json =
            #"{"years":[{"policyYear":2024,"windowOpensOn":"2024-09-02","windowClosesOn":"2024-09-27","individualPremiumFen":43632,"subsidyFen":87264,"assumed":false},{"policyYear":2026,"windowOpensOn":"2026-09-01","windowClosesOn":"2026-09-30","individualPremiumFen":46000,"subsidyFen":92000,"assumed":false}]}"#
        let book = try PolicyBook(json: Array(json.utf8))
        let carried = book.year(2030)
        #expect(carried.individualPremiumFen == 46000 && carried.assumed)
        #expect(carried.windowOpensOn == LocalDate("2030-09-01") && carried.windowClosesOn == LocalDate("2030-09-30"))
        let gap = book.year(2025)
        #expect(gap.individualPremiumFen == 43632 && gap.assumed)
        #expect(gap.windowClosesOn == LocalDate("2025-09-27"))
        #expect(book.year(2020).windowOpensOn == LocalDate("2020-09-02") && book.year(2020).assumed)
        #expect(!book.year(2026).assumed)
    }

    /// Rule 10: `dueFen ≤ annual premium` is checked only against listed years.
    @Test func rule10DueCheckOnlyForListedYears() {
        func verdict(year: Int, due: Int) -> Bool {
            let json = Fixtures.json(
                type: InsuranceEventType.contributionPaid.rawValue,
                data:
                    #"{"paymentId":"T-1","personId":"P1","policyYear":\#(year),"amountFen":\#(due),"dueFen":\#(due),"paidAt":"2024-09-10T09:00:00+08:00"}"#
            )
            return (try? EventIntake.validate(json: json, policy: Fixtures.policy).get()) != nil
        }
        #expect(!verdict(year: 2024, due: 50000))
        #expect(verdict(year: 2024, due: 43632))
        #expect(verdict(year: 2040, due: 50000))
    }
}
