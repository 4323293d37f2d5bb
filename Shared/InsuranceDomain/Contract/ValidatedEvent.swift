/// An event that passed every check.
public struct ValidatedEvent: Sendable, Hashable {
    public let id: String
    public let source: String
    public let type: String
    /// = `subject` = the Kafka key.
    public let personId: String
    public let stream: EventStream
    public let event: InsuranceEvent
    /// The business time of the event (`time`).
    public let time: Timestamp
    /// The whole envelope as received (extension attributes and extra `data` members kept),
    /// so what is published is what was sent.
    private let envelope: JSONValue

    /// The event as structured-mode CloudEvents JSON (UTF-8), what gets published.
    public var structuredJSON: [UInt8] { JSONWriter.bytes(envelope) }

    /// Builds a valid event from typed parts (producers and tests); `subject` is the
    /// event's `personId`.
    public init(id: String, source: String, time: Timestamp, event: InsuranceEvent) {
        self.init(
            id: id,
            source: source,
            time: time,
            event: event,
            envelope: .object([
                JSONMember("specversion", .string("1.0")),
                JSONMember("id", .string(id)),
                JSONMember("source", .string(source)),
                JSONMember("type", .string(event.type.rawValue)),
                JSONMember("subject", .string(event.personId)),
                JSONMember("time", .string(time.description)),
                JSONMember("datacontenttype", .string("application/json")),
                JSONMember("data", event.data),
            ])
        )
    }

    init(id: String, source: String, time: Timestamp, event: InsuranceEvent, envelope: JSONValue) {
        self.id = id
        self.source = source
        self.type = event.type.rawValue
        self.personId = event.personId
        self.stream = event.type.stream
        self.event = event
        self.time = time
        self.envelope = envelope
    }

    /// Two events are the same event when `source` and `id` match (CloudEvents identity).
    public var identity: EventIdentity { EventIdentity(source: source, id: id) }
}

/// `source` + `id`: what makes a CloudEvent unique; a re-sent event has the same identity.
public struct EventIdentity: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let source: String
    public let id: String

    public init(source: String, id: String) {
        self.source = source
        self.id = id
    }

    public var description: String { "\(source)#\(id)" }

    public static func < (lhs: EventIdentity, rhs: EventIdentity) -> Bool {
        (lhs.source, lhs.id) < (rhs.source, rhs.id)
    }
}
