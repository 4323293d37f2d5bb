/// A Kafka record that was refused, with the reason; stored once per (topic, partition, offset).
///
/// `source`, `eventId` and `type` are missing when the record could not be read that far.
public struct Refusal: Sendable, Hashable {
    public var source: String?
    public var eventId: String?
    public var type: String?
    public var reason: String
    /// The record's value as received (text); holds citizen ID numbers, never logged.
    public var payload: String
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    /// Why the record's dead letter could not be sent, when it could not (nil: acknowledged).
    public var deadLetterError: String?

    public init(
        source: String? = nil,
        eventId: String? = nil,
        type: String? = nil,
        reason: String,
        payload: String,
        topic: String,
        partition: Int32,
        offset: Int64,
        deadLetterError: String? = nil
    ) {
        self.deadLetterError = deadLetterError
        self.source = source
        self.eventId = eventId
        self.type = type
        self.reason = reason
        self.payload = payload
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}
