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
        var copies = BatchCopies(capacity: messages.count)
        var refusals: [Refusal] = []
        var consumedByType: [String: Int] = [:]
        for message in messages {
            switch decoder.decode(message) {
            case .event(let incoming, let validated):
                copies.add(incoming, validated)
                consumedByType[incoming.type, default: 0] += 1
            case .refusal(let refusal, _):
                refusals.append(refusal)
            }
        }
        let sent = try await deadLetters.send(refusals, from: messages)
        return PreparedBatch(
            messages: messages,
            batch: IngestBatch(events: copies.events, refusals: sent, laterCopies: copies.laterCopies),
            known: copies.known,
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
    /// of the standing copy.
    static func refused(_ copies: [LaterCopy], standing: [Int: String], policy: PolicyBook) -> [Refusal] {
        copies.indices.compactMap { index in
            let copy = copies[index]
            if let payload = standing[index], !isChangedCopy(copy.event, content: copy.content, storedPayload: payload, policy: policy) {
                return nil
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

/// A batch's valid records by id, as `prepare` sorts them: the first copy of an id is the one
/// to store (`known` holds its validated form), a later copy with the same content stays with
/// the events as a re-delivery, and one with other content is set apart (`LaterCopy`).
struct BatchCopies {
    private(set) var events: [IncomingEvent] = []
    private(set) var laterCopies: [LaterCopy] = []
    private(set) var known: [EventIdentity: ValidatedEvent] = [:]

    init(capacity: Int) {
        events.reserveCapacity(capacity)
        known.reserveCapacity(capacity)
    }

    mutating func add(_ incoming: IncomingEvent, _ validated: ValidatedEvent) {
        if let first = known[validated.identity] {
            guard IngestionPipeline.sameContent(first, validated) else {
                laterCopies.append(LaterCopy(event: incoming, content: validated, lanePerson: first.personId))
                return
            }
        } else {
            known[validated.identity] = validated
        }
        events.append(incoming)
    }
}
