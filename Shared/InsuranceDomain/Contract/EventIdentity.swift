/// `source` + `id`: what makes a CloudEvent unique; a re-sent event has the same identity.
public struct EventIdentity: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let source: String
    public let id: String

    public init(source: String, id: String) {
        self.source = source
        self.id = id
    }

    public var description: String { "\(source)#\(id)" }

    public static func < (lhs: EventIdentity, rhs: EventIdentity) -> Bool {
        (lhs.source, lhs.id) < (rhs.source, rhs.id)
    }
}
