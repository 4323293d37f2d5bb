/// One problem with an event: the field (JSON path like `data.certNo`, `id`, `time`,
/// or `[3].data.amountFen` when the caller prefixes a batch index) and the rule it breaks,
/// in words a person can act on. `description` is "field: rule".
///
/// Rules never quote a citizen ID number or a name, so problems may be logged.
public struct FieldProblem: Sendable, Hashable, CustomStringConvertible {
    public let field: String
    public let rule: String

    public init(field: String, rule: String) {
        self.field = field
        self.rule = rule
    }

    public var description: String { "\(field): \(rule)" }

    /// The same problem with `prefix` in front of the field, e.g. `[3].` for a batch index.
    public func prefixed(_ prefix: String) -> FieldProblem {
        FieldProblem(field: prefix + field, rule: rule)
    }
}

/// All problems of one event at once.
public struct EventValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    public let problems: [FieldProblem]

    public init(problems: [FieldProblem]) {
        self.problems = problems
    }

    /// Every problem, `; `-separated: a reason fit for the dead-letter topic and `rejected_events`.
    public var description: String { problems.map(\.description).joined(separator: "; ") }
}
