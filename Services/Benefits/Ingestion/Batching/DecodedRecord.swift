import InsuranceDomain
import Kafka

/// One Kafka record after validation: an event to store, or a refusal to record and dead-letter.
public enum DecodedRecord: Sendable {
    case event(IncomingEvent, ValidatedEvent)
    case refusal(Refusal, key: [UInt8]?)
}
