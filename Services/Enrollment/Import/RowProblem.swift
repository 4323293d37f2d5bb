/// A rejected row: its line in the file, the field (or column) and the rule it breaks.
public struct RowProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    public let field: String
    public let rule: String

    public init(line: Int, field: String, rule: String) {
        self.line = line
        self.field = field
        self.rule = rule
    }

    public var description: String { "line \(self.line): \(self.field): \(self.rule)" }
}
