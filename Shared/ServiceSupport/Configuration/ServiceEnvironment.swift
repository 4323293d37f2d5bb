import Foundation

/// Typed access to the environment variables a service is configured by.
///
/// Every setting has a local default so `scripts/dev run` works with no
/// configuration; a value that is set but malformed is an error naming the
/// variable and the rule, never silently replaced by the default.
public struct ServiceEnvironment: Sendable {
    public let values: [String: String]

    /// Reads the process environment, or the given values (for tests).
    public init(_ values: [String: String] = ProcessInfo.processInfo.environment) {
        self.values = values
    }

    /// The variable's value, or `defaultValue` when it is unset or empty.
    public func string(_ name: String, default defaultValue: String) -> String {
        guard let value = values[name], !value.isEmpty else { return defaultValue }
        return value
    }

    /// The variable's value when it is set and not empty.
    public func optionalString(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// An integer in `range`, or `defaultValue` when unset.
    public func int(_ name: String, default defaultValue: Int, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
        guard let text = optionalString(name) else { return defaultValue }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw ConfigurationError(variable: name, rule: "must be a whole number, got '\(text)'")
        }
        guard range.contains(value) else {
            throw ConfigurationError(variable: name, rule: "must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
        return value
    }

    /// A boolean (`true`/`false`/`1`/`0`/`yes`/`no`), or `defaultValue` when unset.
    public func bool(_ name: String, default defaultValue: Bool) throws -> Bool {
        guard let text = optionalString(name) else { return defaultValue }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(variable: name, rule: "must be true or false, got '\(text)'")
        }
    }

    /// A duration given in milliseconds, or `defaultValue` when unset.
    public func milliseconds(_ name: String, default defaultValue: Duration) throws -> Duration {
        guard optionalString(name) != nil else { return defaultValue }
        return .milliseconds(try int(name, default: 0, in: 0...86_400_000))
    }
}
