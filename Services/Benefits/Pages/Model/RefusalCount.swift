/// How many events were refused for one reason.
public struct RefusalCount: Sendable, Hashable {
    /// The event type, when the event could be read that far.
    public var type: String?
    public var reason: String
    public var count: Int

    public init(type: String?, reason: String, count: Int) {
        self.type = type
        self.reason = reason
        self.count = count
    }
}
