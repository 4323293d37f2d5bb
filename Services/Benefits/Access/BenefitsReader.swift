/// Who is asking the benefits service: the name of the token's holder (for logs, never the
/// token) and what the token allows.
public struct BenefitsReader: Sendable, Hashable {
    public let name: String
    public let scopes: Set<ReaderScope>

    public init(name: String, scopes: Set<ReaderScope> = [.read]) {
        self.name = name
        self.scopes = scopes
    }

    public var mayRead: Bool { self.scopes.contains(.read) }
}
