/// A setting that cannot be used, naming the variable and the rule.
struct SmokeSettingsError: Error, CustomStringConvertible {
    let variable: String
    let rule: String
    var description: String { "\(variable): \(rule)" }
}
