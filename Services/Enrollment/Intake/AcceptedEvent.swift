import InsuranceDomain

/// A validated event together with the exact JSON it arrived as.
///
/// The received bytes are what gets published: they are the event the sender signed off
/// on, already checked to be well-formed and valid, and re-serialising the parsed
/// envelope would cost time on every event for the same content.
struct AcceptedEvent: Sendable {
    let event: ValidatedEvent
    let json: [UInt8]
}
