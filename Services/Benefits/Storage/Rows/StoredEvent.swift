import Foundation

/// An event of a person's stored history, as handed to the coverage computation.
public struct StoredEvent: Sendable, Hashable {
    public var source: String
    public var eventId: String
    public var type: String
    public var personId: String
    public var eventTime: Date
    public var payload: String

    public init(source: String, eventId: String, type: String, personId: String, eventTime: Date, payload: String) {
        self.source = source
        self.eventId = eventId
        self.type = type
        self.personId = personId
        self.eventTime = eventTime
        self.payload = payload
    }
}

extension StoredEvent {
    /// New events as `LoadHistory` would read them back: in `eventTime`, `source`, `eventId`
    /// order, the last two compared byte by byte as the "C" collation does.
    static func history(of events: [IncomingEvent]) -> [StoredEvent] {
        events.sorted { a, b in
            if a.eventTimeMicroseconds != b.eventTimeMicroseconds { return a.eventTimeMicroseconds < b.eventTimeMicroseconds }
            if a.source != b.source { return a.source.utf8.lexicographicallyPrecedes(b.source.utf8) }
            return a.eventId.utf8.lexicographicallyPrecedes(b.eventId.utf8)
        }.map(\.stored)
    }
}
