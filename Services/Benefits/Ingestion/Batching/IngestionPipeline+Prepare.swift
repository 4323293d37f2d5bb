import InsuranceDomain
import Kafka
import ServiceSupport

extension IngestionPipeline {
    /// The reason of a later copy of an id whose first copy had other content.
    static let changedContent = "id: already used by this source with different content"

    /// Validates the records and produces the dead letters of the refused ones (acknowledged).
    ///
    /// Within the batch the first copy of an id wins, as it does in the table: a later copy
    /// with the same content is a re-delivery (stored once), one with other content is refused.
    func prepare(_ messages: [KafkaConsumerMessage]) async throws -> PreparedBatch {
        let started = ContinuousClock.now
        var events: [IncomingEvent] = []
        var refusals: [Refusal] = []
        var known: [EventIdentity: ValidatedEvent] = [:]
        var consumedByType: [String: Int] = [:]
        events.reserveCapacity(messages.count)
        known.reserveCapacity(messages.count)
        for message in messages {
            switch decoder.decode(message) {
            case .event(let incoming, let validated):
                if let first = known[validated.identity] {
                    if !Self.sameContent(first, validated) {
                        refusals.append(Refusal(refusing: incoming, reason: Self.changedContent))
                        continue
                    }
                } else {
                    known[validated.identity] = validated
                }
                events.append(incoming)
                consumedByType[incoming.type, default: 0] += 1
            case .refusal(let refusal, _):
                refusals.append(refusal)
            }
        }
        let sent = try await deadLetters.send(refusals, from: messages)
        return PreparedBatch(
            messages: messages,
            batch: IngestBatch(events: events, refusals: sent),
            known: known,
            consumedByType: consumedByType,
            refusedByType: Self.countByType(sent),
            started: started
        )
    }

    /// Two copies of an id are the same event when what the contract defines is the same:
    /// type, business time (the instant) and the typed `data`; member order, spacing, the
    /// content mode it came in and extension attributes do not count.
    static func sameContent(_ a: ValidatedEvent, _ b: ValidatedEvent) -> Bool {
        a.type == b.type && a.time == b.time && a.event == b.event
    }

    /// Whether `event`, whose id is found stored as `storedPayload`, is a changed copy (to be
    /// refused) rather than a re-delivery: the stored copy's content differs from the batch's
    /// copy of the id (`known`). A stored payload that no longer validates differs from any.
    static func isChangedCopy(
        _ event: IncomingEvent,
        storedPayload: String,
        known: [EventIdentity: ValidatedEvent],
        policy: PolicyBook
    ) -> Bool {
        guard storedPayload != event.payload else { return false }
        guard let incoming = known[EventIdentity(source: event.source, id: event.eventId)],
            let first = try? EventIntake.validate(json: Array(storedPayload.utf8), policy: policy).get()
        else { return true }
        return !sameContent(first, incoming)
    }

    static func countByType(_ refusals: [Refusal]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for refusal in refusals { counts[refusal.type ?? "unknown", default: 0] += 1 }
        return counts
    }
}
