import RuleTables
import Testing

@testable import InsuranceDomain

@Suite struct CitizenIDTests {
    /// GB 11643's published example, 11010519491231002X, and numbers built with the algorithm.
    @Test func knownValidNumbers() {
        #expect(CitizenID.problems(of: "11010519491231002X").isEmpty)
        #expect(CitizenID.checkCharacter(forFirst17: "11010519491231002") == "X")
        #expect(CitizenID.problems(of: Fixtures.citizenID(born: "2012-02-29")).isEmpty)
        #expect(CitizenID.birthDate(of: "11010519491231002X") == LocalDate("1949-12-31"))
    }

    @Test(arguments: [
        ("110105194912310021", ["check character does not match the first 17 digits (ISO 7064 MOD 11-2)"]),
        ("11010519491231002", ["must have 18 characters, has 17"]),
        ("1101051949123100AX", ["the first 17 characters must be digits"]),
        ("11010519491231002x", ["the last character must be a digit or an upper-case X"]),
        ("990105194912310027", ["characters 1–6 must be a region code of GB/T 2260"]),
        ("110105194902300020", ["characters 7–14 must be an existing birth date YYYYMMDD"]),
    ])
    func invalidNumbers(number: String, expected: [String]) {
        #expect(CitizenID.problems(of: number) == expected)
    }
}
