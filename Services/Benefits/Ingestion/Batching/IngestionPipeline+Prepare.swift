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
                        refusals.append(Self.refusal(of: incoming, reason: Self.changedContent))
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
            batch: IngestBatch(consumerGroup: configuration.groupID, events: events, refusals: sent),
            known: known,
            consumedByType: consumedByType,
            refusedByType: Self.countByType(sent),
            started: started
        )
    }

    /// Events whose id the table already holds with other content become refusals (the stored
    /// copy stays, and is what the person's coverage is computed from).
    func refusingChangedCopies(_ prepared: PreparedBatch) async throws -> PreparedBatch {
        let events = prepared.batch.events
        let stored = try await retry.run("look up stored copies", databaseJustAnswered: true) {
            try await self.store.storedPayloads(of: events)
        }
        let changed = Set(
            stored.compactMap { position, payload -> Int? in
                let event = events[position]
                guard payload != event.payload else { return nil }
                let incoming = prepared.known[EventIdentity(source: event.source, id: event.eventId)]
                let first = try? EventIntake.validate(json: Array(payload.utf8), policy: decoder.policy).get()
                if let incoming, let first, Self.sameContent(first, incoming) { return nil }
                return position
            }
        )
        guard !changed.isEmpty else { return prepared }
        var checked = prepared
        var refusals: [Refusal] = []
        checked.batch.events = []
        for (position, event) in events.enumerated() {
            if changed.contains(position) {
                refusals.append(Self.refusal(of: event, reason: Self.changedContent))
                // The batch's copy must not stand in for the stored one when the person is recomputed.
                checked.known[EventIdentity(source: event.source, id: event.eventId)] = nil
                checked.consumedByType[event.type, default: 1] -= 1
            } else {
                checked.batch.events.append(event)
            }
        }
        let sent = try await deadLetters.send(refusals, from: prepared.messages)
        checked.batch.refusals += sent
        checked.refusedByType.merge(Self.countByType(sent), uniquingKeysWith: +)
        return checked
    }

    /// Two copies of an id are the same event when what the contract defines is the same:
    /// type, business time (the instant) and the typed `data`; member order, spacing, the
    /// content mode it came in and extension attributes do not count.
    static func sameContent(_ a: ValidatedEvent, _ b: ValidatedEvent) -> Bool {
        a.type == b.type && a.time == b.time && a.event == b.event
    }

    static func refusal(of event: IncomingEvent, reason: String) -> Refusal {
        Refusal(
            source: event.source,
            eventId: event.eventId,
            type: event.type,
            reason: reason,
            payload: event.payload,
            topic: event.topic,
            partition: event.partition,
            offset: event.offset
        )
    }

    static func countByType(_ refusals: [Refusal]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for refusal in refusals { counts[refusal.type ?? "unknown", default: 0] += 1 }
        return counts
    }
}
