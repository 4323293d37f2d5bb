/// A row of `rejected_events`: the stored `Refusal` (a Kafka record refused at the door, with
/// its value as received; the value holds citizen ID numbers and is never printed) and its id.
public struct RejectedRecord: Sendable, Hashable {
    public var id: Int64
    public var refusal: Refusal

    public init(id: Int64, refusal: Refusal) {
        self.id = id
        self.refusal = refusal
    }

    public var source: String? { refusal.source }
    public var eventId: String? { refusal.eventId }
    public var type: String? { refusal.type }
    public var reason: String { refusal.reason }
    public var payload: String { refusal.payload }
    public var topic: String { refusal.topic }
    public var partition: Int32 { refusal.partition }
    public var offset: Int64 { refusal.offset }
}
