/// Why a facility directory was refused: the entry (`facilities[2] (code 'C1002')`), the
/// field and the rule it breaks, so that the operator knows what to fix in the file.
public struct FacilityDirectoryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The entry, `facilities[<index from 0>]` with its code when it has one; nil for the file as a whole.
    public let entry: String?
    /// The field of the entry (or the file's member) that is wrong, when one is.
    public let field: String?
    /// What the value must be, usually ending with what it was.
    public let rule: String

    public init(entry: String?, field: String?, rule: String) {
        self.entry = entry
        self.field = field
        self.rule = rule
    }

    public var description: String {
        [entry, field, rule].compactMap { $0 }.joined(separator: ": ")
    }
}
