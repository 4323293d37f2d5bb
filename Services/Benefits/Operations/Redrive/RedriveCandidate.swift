import InsuranceDomain

/// A refused record that now passes and is not stored yet: what `redrive` sends.
public struct RedriveCandidate: Sendable, Hashable, CustomStringConvertible {
    public let rowId: Int64
    public let identity: EventIdentity
    public let type: String
    public let topic: String
    public let partition: Int32
    public let offset: Int64

    init(record: RejectedRecord, identity: EventIdentity, type: String) {
        self.rowId = record.id
        self.identity = identity
        self.type = type
        self.topic = record.topic
        self.partition = record.partition
        self.offset = record.offset
    }

    /// One line without the payload (it holds citizen ID numbers); outside values escaped.
    public var description: String {
        "rejected_events.id \(rowId): \(type) source \(String(reflecting: identity.source)) id \(String(reflecting: identity.id)) "
            + "from \(topic)[\(partition)]@\(offset)"
    }
}
