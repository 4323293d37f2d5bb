/// All problems of one event at once.
public struct EventValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    public let problems: [FieldProblem]

    public init(problems: [FieldProblem]) {
        self.problems = problems
    }

    /// Every problem, `; `-separated: a reason fit for the dead-letter topic and `rejected_events`.
    public var description: String { problems.map(\.description).joined(separator: "; ") }
}
