import RuleTables
import Testing

/// A rule case is named in the test report by its rule.
extension CoverageCase: CustomTestStringConvertible {
    public var testDescription: String { name }
}
