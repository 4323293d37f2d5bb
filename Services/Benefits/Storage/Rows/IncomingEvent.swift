import Foundation

/// A valid event read from Kafka, to be stored once per (`source`, `eventId`): the event as
/// it will be stored (`stored`, what a person's history holds) and where it was read.
@dynamicMemberLookup
public struct IncomingEvent: Sendable, Hashable {
    /// The event itself; its payload holds citizen ID numbers, never logged.
    public var stored: StoredEvent
    public var topic: String
    public var partition: Int32
    public var offset: Int64

    public init(
        source: String,
        eventId: String,
        type: String,
        personId: String,
        eventTime: Date,
        payload: String,
        topic: String,
        partition: Int32,
        offset: Int64
    ) {
        self.stored = StoredEvent(source: source, eventId: eventId, type: type, personId: personId, eventTime: eventTime, payload: payload)
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    /// The stored event's fields (`source`, `eventId`, `type`, `personId`, `eventTime` (the
    /// event's business time, `time`), `payload` (the event as received, JSON text)) read and
    /// written through `stored`, so the two types keep one field list.
    @inlinable
    public subscript<Value>(dynamicMember field: WritableKeyPath<StoredEvent, Value>) -> Value {
        get { stored[keyPath: field] }
        set { stored[keyPath: field] = newValue }
    }
}

extension IncomingEvent {
    /// `eventTime` as stored: whole microseconds since 1970.
    var eventTimeMicroseconds: Int64 { Int64((stored.eventTime.timeIntervalSince1970 * 1_000_000).rounded()) }
}
