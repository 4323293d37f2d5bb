import ServiceSupport
import Settings

/// The largest event the intake accepts, in bytes: below the producer's `message.max.bytes`,
/// so that the door answers 413 for an event the producer could never send (librdkafka
/// refuses such a message locally, before any broker sees it).
enum EventSizeLimit {
    /// librdkafka's default `message.max.bytes`.
    static let librdkafkaDefaultMessageMaxBytes = 1_000_000
    /// Room for what travels beside the event in the Kafka record: the key (at most 64
    /// bytes), the `content-type` header and the record framing (well under 200 bytes).
    static let reservedBytes = 1024

    /// The default limit: the default `message.max.bytes` less the reserve (998,976 bytes).
    static let defaultLimit = librdkafkaDefaultMessageMaxBytes - reservedBytes

    /// The producer's `message.max.bytes` from its librdkafka properties, or the default.
    static func producerMessageMaxBytes(_ properties: [String: String]) throws(ConfigurationError) -> Int {
        guard let text = properties["message.max.bytes"] else { return librdkafkaDefaultMessageMaxBytes }
        guard let value = Int(text), value > reservedBytes else {
            throw ConfigurationError(
                variable: "KAFKA_PROPERTY_MESSAGE_MAX_BYTES",
                rule: "must be a whole number above \(reservedBytes), got '\(text)'"
            )
        }
        return value
    }

    /// `configured` (`ENROLLMENT_MAX_EVENT_BYTES`) when it fits below the producer's
    /// `message.max.bytes` less the reserve; that bound when nothing is configured.
    static func resolve(configured: Int?, producerProperties: [String: String]) throws(ConfigurationError) -> Int {
        let messageMax = try producerMessageMaxBytes(producerProperties)
        let bound = messageMax - reservedBytes
        guard let configured else { return bound }
        guard configured <= bound else {
            throw ConfigurationError(
                variable: "ENROLLMENT_MAX_EVENT_BYTES",
                rule:
                    "must be at most \(bound): the producer's message.max.bytes (\(messageMax)) less \(reservedBytes) bytes for the key, headers and record framing, got \(configured)"
            )
        }
        return configured
    }

    /// The events of a request (their byte ranges) that exceed `limit`, as problem items.
    static func oversized(_ ranges: [Range<Int>], limit: Int, indexed: Bool) -> [ProblemDetails.Item] {
        ranges.enumerated().compactMap { index, range in
            guard range.count > limit else { return nil }
            return ProblemDetails.Item(
                index: indexed ? index : nil,
                field: indexed ? "[\(index)]" : "(event)",
                rule: "is \(range.count) bytes; an event may have at most \(limit) bytes"
            )
        }
    }
}
