/// Size limits of one `POST /v1/events` and the `Retry-After` it suggests on 503.
public struct IntakeLimits: Sendable, Hashable {
    public var maxBodyBytes: Int
    public var maxBatch: Int
    public var retryAfterSeconds: Int
    /// The largest single event in bytes (`EventSizeLimit`); larger ones get 413.
    public var maxEventBytes: Int

    public init(
        maxBodyBytes: Int = 5 * 1024 * 1024,
        maxBatch: Int = 1000,
        retryAfterSeconds: Int = 5,
        maxEventBytes: Int = EventSizeLimit.defaultLimit
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.maxBatch = maxBatch
        self.retryAfterSeconds = retryAfterSeconds
        self.maxEventBytes = maxEventBytes
    }
}
