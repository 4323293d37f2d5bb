import Foundation

/// A valid event read from Kafka, to be stored once per (`source`, `eventId`): the event as
/// it will be stored (`stored`, what a person's history holds) and where it was read.
public struct IncomingEvent: Sendable, Hashable {
    /// The event itself; its payload holds citizen ID numbers, never logged.
    public var stored: StoredEvent
    public var topic: String
    public var partition: Int32
    public var offset: Int64

    public init(
        source: String, eventId: String, type: String, personId: String, eventTime: Date,
        payload: String, topic: String, partition: Int32, offset: Int64
    ) {
        self.stored = StoredEvent(source: source, eventId: eventId, type: type, personId: personId, eventTime: eventTime, payload: payload)
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    public var source: String {
        get { stored.source }
        set { stored.source = newValue }
    }
    public var eventId: String {
        get { stored.eventId }
        set { stored.eventId = newValue }
    }
    public var type: String {
        get { stored.type }
        set { stored.type = newValue }
    }
    public var personId: String {
        get { stored.personId }
        set { stored.personId = newValue }
    }
    /// The event's business time (`time`).
    public var eventTime: Date {
        get { stored.eventTime }
        set { stored.eventTime = newValue }
    }
    /// The event as received (JSON text).
    public var payload: String {
        get { stored.payload }
        set { stored.payload = newValue }
    }
}

extension IncomingEvent {
    /// `eventTime` as stored: whole microseconds since 1970.
    var eventTimeMicroseconds: Int64 { Int64((eventTime.timeIntervalSince1970 * 1_000_000).rounded()) }
}
