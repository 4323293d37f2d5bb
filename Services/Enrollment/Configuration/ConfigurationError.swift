/// A configuration value that cannot be used, naming the variable (or file field) and the rule.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public let setting: String
    public let rule: String

    public init(setting: String, rule: String) {
        self.setting = setting
        self.rule = rule
    }

    public var description: String { "\(self.setting): \(self.rule)" }
}
