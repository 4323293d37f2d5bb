/// A visit the estimate cannot be made for: the field (query parameter) and the rule it breaks.
public struct EstimateProblem: Error, Sendable, Hashable {
    public let field: String
    public let rule: String

    public init(field: String, rule: String) {
        self.field = field
        self.rule = rule
    }
}
