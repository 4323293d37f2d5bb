/// A `PG_*` environment variable that cannot be used.
public struct DatabaseSettingsError: Error, Sendable, Hashable, CustomStringConvertible {
    public let variable: String
    public let rule: String

    public var description: String { "\(variable): \(rule)" }
}
