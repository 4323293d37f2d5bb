/// A row of `rejected_events`: a Kafka record refused at the door, with its value as received.
public struct RejectedRecord: Sendable, Hashable {
    public var id: Int64
    public var source: String?
    public var eventId: String?
    public var type: String?
    public var reason: String
    /// The record's value (text); holds citizen ID numbers, never printed.
    public var payload: String
    public var topic: String
    public var partition: Int32
    public var offset: Int64

    public init(
        id: Int64, source: String?, eventId: String?, type: String?, reason: String, payload: String,
        topic: String, partition: Int32, offset: Int64
    ) {
        self.id = id
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
