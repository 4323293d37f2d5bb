/// One validated event ready for the broker: its topic, key and structured-mode bytes.
public struct OutgoingEvent: Sendable, Hashable {
    /// The Kafka topic, chosen from the event's stream by configuration.
    public var topic: String
    /// The Kafka key: the insured person's number (`personId` = `subject`).
    public var key: String
    /// The whole CloudEvent as JSON (structured mode).
    public var value: [UInt8]
    /// The CloudEvent `type`, for metrics.
    public var type: String

    public init(topic: String, key: String, value: [UInt8], type: String) {
        self.topic = topic
        self.key = key
        self.value = value
        self.type = type
    }

    /// The Kafka header every structured-mode event carries.
    public static let contentTypeHeader = (name: "content-type", value: "application/cloudevents+json")
}
