/// A configuration value that breaks its rule: the one configuration error of the package
/// (environment variables, token files, policy files). Names the variable (or file field)
/// so the operator knows what to fix, and the rule it breaks.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The environment variable, or the file field (`tokens[0].sha256`), that is wrong.
    public let variable: String
    /// What the value must be, usually ending with what it was.
    public let rule: String

    public init(variable: String, rule: String) {
        self.variable = variable
        self.rule = rule
    }

    public var description: String { "\(variable): \(rule)" }
}
