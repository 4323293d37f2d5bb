/// A configuration value that breaks its rule; names the variable so the
/// operator knows what to fix.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    public let variable: String
    public let rule: String

    public init(variable: String, rule: String) {
        self.variable = variable
        self.rule = rule
    }

    public var description: String { "\(variable): \(rule)" }
}
