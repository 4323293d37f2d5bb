import Foundation

/// A valid event read from Kafka, to be stored once per (`source`, `eventId`).
public struct IncomingEvent: Sendable, Hashable {
    public var source: String
    public var eventId: String
    public var type: String
    public var personId: String
    /// The event's business time (`time`).
    public var eventTime: Date
    /// The event as received (JSON text); holds citizen ID numbers, never logged.
    public var payload: String
    public var topic: String
    public var partition: Int32
    public var offset: Int64

    public init(
        source: String, eventId: String, type: String, personId: String, eventTime: Date,
        payload: String, topic: String, partition: Int32, offset: Int64
    ) {
        self.source = source
        self.eventId = eventId
        self.type = type
        self.personId = personId
        self.eventTime = eventTime
        self.payload = payload
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}

extension IncomingEvent {
    /// `eventTime` as stored: whole microseconds since 1970.
    var eventTimeMicroseconds: Int64 { Int64((eventTime.timeIntervalSince1970 * 1_000_000).rounded()) }
}
