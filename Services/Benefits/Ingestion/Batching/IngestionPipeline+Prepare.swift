import InsuranceDomain
import Kafka
import ServiceSupport

extension IngestionPipeline {
    /// The reason of a later copy of an id whose first copy had other content.
    static let changedContent = "id: already used by this source with different content"

    /// Validates the records and produces the dead letters of the refused ones (acknowledged).
    ///
    /// Within the batch the first copy of an id is the one to store: a later copy with the same
    /// content is a re-delivery (stored once). One with other content is set apart
    /// (`LaterCopy`): the lane refuses it unless the copy stored before the batch, which then
    /// stands, has its content.
    func prepare(_ messages: [KafkaConsumerMessage]) async throws -> PreparedBatch {
        let started = ContinuousClock.now
        var events: [IncomingEvent] = []
        var refusals: [Refusal] = []
        var laterCopies: [LaterCopy] = []
        var known: [EventIdentity: ValidatedEvent] = [:]
        var consumedByType: [String: Int] = [:]
        events.reserveCapacity(messages.count)
        known.reserveCapacity(messages.count)
        for message in messages {
            switch decoder.decode(message) {
            case .event(let incoming, let validated):
                if let first = known[validated.identity] {
                    if !Self.sameContent(first, validated) {
                        laterCopies.append(LaterCopy(event: incoming, content: validated, lanePerson: first.personId))
                        // Consumed as a valid event, as a changed copy found in a later batch is.
                        consumedByType[incoming.type, default: 0] += 1
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
            batch: IngestBatch(events: events, refusals: sent, laterCopies: laterCopies),
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

    /// Whether `event` (validated as `content`), whose id is found stored as `storedPayload`, is a
    /// changed copy (to be refused) rather than a re-delivery: the stored copy's content differs
    /// from its own. A stored payload that no longer validates differs from any.
    static func isChangedCopy(_ event: IncomingEvent, content: ValidatedEvent?, storedPayload: String, policy: PolicyBook) -> Bool {
        guard storedPayload != event.payload else { return false }
        guard let content, let first = try? EventIntake.validate(json: Array(storedPayload.utf8), policy: policy).get() else {
            return true
        }
        return !sameContent(first, content)
    }

    /// Of the batch's later copies (`LaterCopy`), with the payload of the copy of their id that
    /// stands (by index; none when no copy is stored), those to refuse: all but re-deliveries
    /// of the standing copy. Without a policy, only the same bytes are a re-delivery.
    static func refused(_ copies: [LaterCopy], standing: [Int: String], policy: PolicyBook?) -> [Refusal] {
        copies.indices.compactMap { index in
            let copy = copies[index]
            if let payload = standing[index] {
                let changed =
                    if let policy { isChangedCopy(copy.event, content: copy.content, storedPayload: payload, policy: policy) } else {
                        payload != copy.event.payload
                    }
                if !changed { return nil }
            }
            return Refusal(refusing: copy.event, reason: changedContent)
        }
    }

    static func countByType(_ refusals: [Refusal]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for refusal in refusals { counts[refusal.type ?? "unknown", default: 0] += 1 }
        return counts
    }
}
