import Foundation
import InsuranceDomain
import Logging
import Settings

/// The one policy book both services validate and compute with: the JSON file named by
/// `POLICY_FILE`, else the bundled defaults.
///
/// Why one loader for both: the enrollment service refuses at the door what the benefits
/// service would refuse later, and the benefits service computes coverage with the same
/// premiums and rules; two variables let the two services run with different books.
/// `ENROLLMENT_POLICY_FILE`, the enrollment service's former variable, still works as a
/// deprecated alias (with a warning); set to another file than `POLICY_FILE` it is an error.
public enum PolicyFile {
    public static let variable = "POLICY_FILE"
    public static let deprecatedVariable = "ENROLLMENT_POLICY_FILE"

    /// Where the policy book comes from: a file and the variable that named it, or nil for the
    /// bundled defaults. Logs a warning when only the deprecated alias is set.
    public static func source(
        in environment: ServiceEnvironment,
        logger: Logger = Logger(label: "policy-file")
    ) throws(ConfigurationError) -> (path: String, variable: String)? {
        let current = environment.optionalString(variable)
        let deprecated = environment.optionalString(deprecatedVariable)
        switch (current, deprecated) {
        case (let path?, nil):
            return (path, variable)
        case (let path?, let old?):
            guard old == path else {
                throw ConfigurationError(
                    variable: deprecatedVariable,
                    rule: "is a deprecated alias of \(variable) and names another file ('\(old)', \(variable) is '\(path)'): set \(variable) only"
                )
            }
            logger.warning("\(deprecatedVariable) is deprecated and can be removed: \(variable) names the same file")
            return (path, variable)
        case (nil, let old?):
            logger.warning("\(deprecatedVariable) is deprecated: rename it to \(variable) (read by both services)")
            return (old, deprecatedVariable)
        case (nil, nil):
            return nil
        }
    }

    /// The operator's source groups for reversals (`SourceGroups`): sources declared to be one
    /// upstream, such as a tax bureau's payment and refund feeds. Read with the policy book,
    /// since every computation of coverage needs both; not part of the policy file, which
    /// describes the policy, not the city's systems.
    public static let sourceGroupsVariable = "PAYMENT_SOURCE_GROUPS"

    /// The policy book named by the environment, or the bundled defaults, with the source
    /// groups of `PAYMENT_SOURCE_GROUPS`; errors name the variable and what is wrong.
    public static func load(
        environment: ServiceEnvironment,
        logger: Logger = Logger(label: "policy-file")
    ) throws(ConfigurationError) -> PolicyBook {
        let groups = try sourceGroups(in: environment)
        guard let source = try source(in: environment, logger: logger) else { return PolicyBook.bundledDefaults.with(sourceGroups: groups) }
        return try load(path: source.path, variable: source.variable).with(sourceGroups: groups)
    }

    /// The groups named by `PAYMENT_SOURCE_GROUPS` (none when unset or empty), checked.
    public static func sourceGroups(in environment: ServiceEnvironment) throws(ConfigurationError) -> SourceGroups {
        guard let text = environment.optionalString(sourceGroupsVariable) else { return .none }
        do {
            return try SourceGroups(setting: text)
        } catch {
            throw ConfigurationError(
                variable: sourceGroupsVariable,
                rule: "must list groups of sources separated by ';', each of two or more sources separated by ',': \(error)"
            )
        }
    }

    /// The policy book in the file at `path` (named by `variable` in errors).
    public static func load(path: String, variable: String = PolicyFile.variable) throws(ConfigurationError) -> PolicyBook {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(variable: variable, rule: "must name a readable file, got '\(path)'")
        }
        do {
            return try PolicyBook(json: Array(data))
        } catch {
            throw ConfigurationError(variable: variable, rule: "'\(path)' must be a policy book: \(error)")
        }
    }
}
