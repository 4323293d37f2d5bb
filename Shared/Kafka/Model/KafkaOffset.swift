import CRdKafka

/// An offset in a partition, or one of librdkafka's logical offsets (`.beginning`, `.end`,
/// `.stored`, `.invalid`) that stand for a position librdkafka resolves.
public struct KafkaOffset: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
    public let rawValue: Int64

    public init(rawValue: Int64) {
        self.rawValue = rawValue
    }

    /// The oldest message still in the partition (`RD_KAFKA_OFFSET_BEGINNING`).
    public static let beginning = KafkaOffset(rawValue: Int64(RD_KAFKA_OFFSET_BEGINNING))
    /// The next message produced to the partition (`RD_KAFKA_OFFSET_END`).
    public static let end = KafkaOffset(rawValue: Int64(RD_KAFKA_OFFSET_END))
    /// The group's committed offset (`RD_KAFKA_OFFSET_STORED`).
    public static let stored = KafkaOffset(rawValue: Int64(RD_KAFKA_OFFSET_STORED))
    /// No offset (`RD_KAFKA_OFFSET_INVALID`): what a partition list carries for librdkafka to
    /// fill in (committed offsets, positions), and what it answers where there is none.
    public static let invalid = KafkaOffset(rawValue: Int64(RD_KAFKA_OFFSET_INVALID))

    /// Whether this is a real position (0 or more) rather than a logical offset.
    public var isConcrete: Bool { rawValue >= 0 }

    public var description: String {
        switch self {
        case .beginning: "beginning"
        case .end: "end"
        case .stored: "stored"
        case .invalid: "invalid"
        default: String(rawValue)
        }
    }
}
