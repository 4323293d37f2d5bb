import Foundation
import InsuranceDomain
import Kafka

/// Turns Kafka records into stored events or refusals with the domain's validation.
///
/// Structured mode (the whole CloudEvent as the value) unless the record has `ce_*` headers
/// (binary mode: attributes in headers, `data` as the value). A binary event is stored as its
/// structured JSON so that a stored payload always reads back the same way.
struct RecordDecoder: Sendable {
    let policy: PolicyBook

    init(policy: PolicyBook) {
        self.policy = policy
    }

    func decode(_ message: KafkaConsumerMessage) -> DecodedRecord {
        let binaryHeaders = Self.binaryHeaders(message.headers)
        let result: Result<ValidatedEvent, EventValidationError>
        if let binaryHeaders {
            result = EventIntake.validate(binaryHeaders: binaryHeaders, data: message.value, policy: policy)
        } else {
            result = EventIntake.validate(json: message.value, policy: policy)
        }
        switch result {
        case .success(let event):
            if let key = message.key, !key.isEmpty, !key.elementsEqual(event.personId.utf8) {
                return refusal(message, reason: "key: must equal subject (the personId)", binaryHeaders: binaryHeaders)
            }
            let payload =
                binaryHeaders == nil
                ? String(decoding: message.value, as: UTF8.self)
                : String(decoding: event.structuredJSON, as: UTF8.self)
            let incoming = IncomingEvent(
                source: event.source,
                eventId: event.id,
                type: event.type,
                personId: event.personId,
                eventTime: Date(timeIntervalSince1970: Double(event.time.millisecondsSinceEpoch) / 1000),
                payload: payload,
                topic: message.topic,
                partition: message.partition,
                offset: message.offset
            )
            return .event(incoming, event)
        case .failure(let error):
            return refusal(message, reason: error.description, binaryHeaders: binaryHeaders)
        }
    }

    /// The record's `ce_*` headers (and content type) when it is a binary-mode event.
    static func binaryHeaders(_ headers: [KafkaHeader]) -> [String: String]? {
        guard headers.contains(where: { $0.key.lowercased().hasPrefix("ce_") }) else { return nil }
        var result: [String: String] = [:]
        for header in headers {
            result[header.key] = header.value.map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
        return result
    }

    private func refusal(_ message: KafkaConsumerMessage, reason: String, binaryHeaders: [String: String]?) -> DecodedRecord {
        // Identity, best effort: what could be read of source, id and type names the refusal.
        var source: String?
        var id: String?
        var type: String?
        if let binaryHeaders {
            source = binaryHeaders["ce_source"]
            id = binaryHeaders["ce_id"]
            type = binaryHeaders["ce_type"]
        } else if let envelope = try? JSONParser.parse(message.value) {
            source = envelope["source"]?.stringValue
            id = envelope["id"]?.stringValue
            type = envelope["type"]?.stringValue
        }
        // An identity that breaks the text rules (a NUL cannot even be stored) is not kept:
        // the refusal is still stored, with its reason and raw payload, under no identity.
        func storable(_ text: String?, _ limit: Int) -> String? {
            text.flatMap { TextRules.problem(with: $0, maxLength: limit) == nil ? $0 : nil }
        }
        let refusal = Refusal(
            source: storable(source, InputLimits.sourceLength),
            eventId: storable(id, InputLimits.eventIdLength),
            type: storable(type, InputLimits.attributeLength),
            reason: reason,
            payload: String(decoding: message.value, as: UTF8.self),
            topic: message.topic,
            partition: message.partition,
            offset: message.offset
        )
        return .refusal(refusal, key: message.key)
    }
}

/// One Kafka record after validation: an event to store, or a refusal to record and dead-letter.
enum DecodedRecord: Sendable {
    case event(IncomingEvent, ValidatedEvent)
    case refusal(Refusal, key: [UInt8]?)
}

/// A batch of records validated and dead-lettered, ready for its database transaction.
struct PreparedBatch: Sendable {
    var messages: [KafkaConsumerMessage]
    var batch: IngestBatch
    /// The batch's valid events by identity, so recomputation does not parse them again.
    var known: [EventIdentity: ValidatedEvent]
    var consumedByType: [String: Int]
    var refusedByType: [String: Int]
    var started: ContinuousClock.Instant
}
