/// Why policy parameters were refused.
public struct PolicyBookError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
