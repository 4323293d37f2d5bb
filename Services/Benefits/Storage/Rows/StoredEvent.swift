import Foundation

/// An event of a person's stored history, as handed to the coverage computation.
public struct StoredEvent: Sendable, Hashable {
    public let source: String
    public let eventId: String
    public let type: String
    public let personId: String
    public let eventTime: Date
    public let payload: String

    public init(source: String, eventId: String, type: String, personId: String, eventTime: Date, payload: String) {
        self.source = source
        self.eventId = eventId
        self.type = type
        self.personId = personId
        self.eventTime = eventTime
        self.payload = payload
    }
}
