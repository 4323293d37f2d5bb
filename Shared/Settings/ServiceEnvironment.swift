import Configuration
import Foundation

/// The one reader of the environment variables the services, the Kafka layer and the tools
/// are configured by (the table in docs/operations.md).
///
/// Every setting has a local default so `scripts/dev run` works with no configuration; an
/// empty variable counts as unset; a value that is set but malformed is a
/// `ConfigurationError` naming the variable and the rule, never silently replaced by the default.
///
/// Lookups go through swift-configuration (a `ConfigReader` over an
/// `EnvironmentVariablesProvider`, with passwords and tokens marked secret so that its access
/// reporting redacts them). The parsing stays here, on the strings it returns, because its
/// typed getters do not fit that rule: `int(forKey:default:)` answers the default for a
/// malformed value and `requiredInt(forKey:)` throws an error that names neither the rule
/// nor the range. A `ConfigReader` cannot list keys either, so the pass-through
/// `KAFKA_PROPERTY_*` variables are found in the variables themselves.
public struct ServiceEnvironment: Sendable, ExpressibleByDictionaryLiteral {
    private let reader: ConfigReader
    /// The variables, for prefix scans only.
    private let variables: [String: String]

    /// Reads the process environment, or the given values (for tests and commands).
    public init(_ variables: [String: String] = ProcessInfo.processInfo.environment) {
        self.variables = variables
        self.reader = ConfigReader(
            provider: EnvironmentVariablesProvider(
                environmentVariables: variables,
                secretsSpecifier: .dynamic { name, _ in
                    Self.isSecret(name)
                }
            )
        )
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements) { _, last in last })
    }

    /// Names whose values must never be shown: passwords, tokens, SASL and TLS secrets.
    static func isSecret(_ name: String) -> Bool {
        ["PASSWORD", "TOKEN", "SECRET", "SASL", "KEY"].contains { name.contains($0) }
    }

    /// The variable's value, `nil` when it is unset or (unless `emptyIsUnset` is false) empty.
    public func optionalString(_ name: String, emptyIsUnset: Bool = true) -> String? {
        guard let value = reader.string(forKey: ConfigKey([name])) else { return nil }
        return value.isEmpty && emptyIsUnset ? nil : value
    }

    /// A secret: the contents of the file that `NAME_FILE` names (how Docker secrets arrive, in
    /// `/run/secrets/…`; one trailing line break dropped), else `NAME` (set but empty counts);
    /// nil when neither is set. `NAME_FILE` wins, so that the secret need not sit in the
    /// environment at all.
    public func optionalSecret(_ name: String) throws(ConfigurationError) -> String? {
        let fileVariable = name + "_FILE"
        guard let path = optionalString(fileVariable) else { return optionalString(name, emptyIsUnset: false) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(variable: fileVariable, rule: "must name a readable file, got '\(path)'")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(variable: fileVariable, rule: "'\(path)' must hold UTF-8 text")
        }
        // "\r\n" is one Character in Swift: one removeLast drops either ending.
        if text.hasSuffix("\n") || text.hasSuffix("\r\n") { text.removeLast() }
        return text
    }

    /// The variable's value, or `defaultValue` when it is unset or empty.
    public func string(_ name: String, default defaultValue: String) -> String {
        optionalString(name) ?? defaultValue
    }

    /// An integer in `range`, or `nil` when unset.
    public func optionalInt(_ name: String, in range: ClosedRange<Int> = Int.min...Int.max) throws(ConfigurationError) -> Int? {
        guard let text = optionalString(name) else { return nil }
        let rule: String =
            switch (range.lowerBound == Int.min, range.upperBound == Int.max) {
            case (true, true): "a whole number"
            case (false, true): "a whole number >= \(range.lowerBound)"
            case (true, false): "a whole number <= \(range.upperBound)"
            case (false, false): "a whole number between \(range.lowerBound) and \(range.upperBound)"
            }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw ConfigurationError(variable: name, rule: "must be \(rule), got '\(text)'")
        }
        return value
    }

    /// An integer in `range`, or `defaultValue` when unset.
    public func int(
        _ name: String,
        default defaultValue: Int,
        in range: ClosedRange<Int> = Int.min...Int.max
    ) throws(ConfigurationError) -> Int {
        try optionalInt(name, in: range) ?? defaultValue
    }

    /// A boolean (`true`/`false`/`1`/`0`/`yes`/`no`/`on`/`off`), or `defaultValue` when unset.
    public func bool(_ name: String, default defaultValue: Bool) throws(ConfigurationError) -> Bool {
        guard let text = optionalString(name) else { return defaultValue }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(variable: name, rule: "must be true or false, got '\(text)'")
        }
    }

    /// A duration given in whole milliseconds within `range` (by default up to a day), or
    /// `defaultValue` when unset.
    public func milliseconds(
        _ name: String,
        default defaultValue: Duration,
        in range: ClosedRange<Int> = 0...86_400_000
    ) throws(ConfigurationError) -> Duration {
        guard let value = try optionalInt(name, in: range) else { return defaultValue }
        return .milliseconds(value)
    }

    /// One of `Choice`'s raw values, or `defaultValue` when unset.
    public func choice<Choice: RawRepresentable & CaseIterable>(
        _ name: String,
        default defaultValue: Choice
    ) throws(ConfigurationError) -> Choice where Choice.RawValue == String {
        guard let text = optionalString(name) else { return defaultValue }
        guard let value = Choice(rawValue: text) else {
            let allowed = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(variable: name, rule: "must be one of \(allowed), got \(text)")
        }
        return value
    }

    /// Every variable whose name starts with `prefix` (and goes on after it), empty values
    /// included, keyed by the rest of the name.
    public func variables(withPrefix prefix: String) -> [String: String] {
        var found: [String: String] = [:]
        for (name, value) in variables where name.hasPrefix(prefix) && name.count > prefix.count {
            found[String(name.dropFirst(prefix.count))] = value
        }
        return found
    }
}

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

/// Where the local stack listens (`scripts/stack.sh` starts it there, `scripts/lib/common.sh`
/// holds the same numbers for the shell): the one place the services' defaults, the tools and
/// the tests take the broker's and PostgreSQL's addresses from when the environment says nothing.
public enum StackDefaults {
    /// Both run on loopback only.
    public static let host = "127.0.0.1"
    /// The Kafka-protocol broker (Tansu locally, Apache Kafka in compose maps its own).
    public static let kafkaPort = 59092
    /// The project-local PostgreSQL.
    public static let postgresPort = 55432
    /// `host:kafkaPort`, as `KAFKA_BOOTSTRAP_SERVERS` spells it.
    public static var kafkaBootstrapServers: String { "\(host):\(kafkaPort)" }
}
