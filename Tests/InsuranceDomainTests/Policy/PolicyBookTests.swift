import Testing
@testable import InsuranceDomain

@Suite struct PolicyBookTests {
    @Test func bundledDefaultsHoldThe2024Notice() throws {
        let book = PolicyBook.bundledDefaults
        let y = try #require(book.year(2024))
        #expect(y.individualPremiumFen == 43632)
        #expect(y.subsidyFen == 87264)
        // Premium = 1.8% of income, of which the insured pays 0.6% and the city 1.2%.
        #expect(y.subsidyFen == 2 * y.individualPremiumFen)
        #expect(y.windowOpensOn == LocalDate("2024-09-01"))
        #expect(y.windowClosesOn == LocalDate("2024-09-30"))
        #expect(y.assumed == false)
        #expect(book.knownYearsText == "2023–2026")
        #expect([2023, 2025, 2026].allSatisfy { book.year($0)?.assumed == true })
        #expect(book.rules == PolicyRules())
    }

    @Test func overrideFromJSON() throws {
        let json = #"{"years":[{"policyYear":2027,"windowOpensOn":"2027-09-05","windowClosesOn":"2027-10-10","individualPremiumFen":45000,"subsidyFen":90000,"assumed":false}],"rules":{"newbornEnrolmentMonths":3}}"#
        let book = try PolicyBook(json: Array(json.utf8))
        #expect(book.year(2027)?.individualPremiumFen == 45000)
        #expect(book.year(2024) == nil)
        #expect(book.rules.newbornEnrolmentMonths == 3)
        #expect(book.rules.hospitalChoiceAgeLimit == 14)
    }

    @Test(arguments: [
        (#"{"years":[]}"#, "no policy years"),
        (#"{"years":[{"policyYear":2027,"windowOpensOn":"2027-10-05","windowClosesOn":"2027-09-10","individualPremiumFen":45000,"subsidyFen":90000,"assumed":false}]}"#,
         "policy year 2027: windowOpensOn must not be after windowClosesOn"),
        (#"{"years":[{"policyYear":2027,"windowOpensOn":"2027-09-05","windowClosesOn":"2027-10-10","individualPremiumFen":0,"subsidyFen":90000,"assumed":false}]}"#,
         "policy year 2027: individualPremiumFen must be positive and subsidyFen not negative"),
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
}
