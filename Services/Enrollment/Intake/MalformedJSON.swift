/// The request body is not well-formed JSON, or not the shape its content type promises.
///
/// `offset` is the byte offset where reading stopped, so a client can find the spot.
public struct MalformedJSON: Error, Sendable, Hashable, CustomStringConvertible {
    public let offset: Int
    public let reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "byte \(self.offset): \(self.reason)" }
}
