import Foundation
import InsuranceDomain

/// What one consumer poll delivered (or one lane of it): valid events and refusals, stored in
/// one transaction; the group's next offsets (`nextOffsets`) are stored after every lane of the
/// batch committed (`BenefitsStore.advanceOffsets`, with the group of the pipeline's configuration).
package struct IngestBatch: Sendable {
    var events: [IncomingEvent]
    var refusals: [Refusal]
    /// Records whose id came earlier in the batch with other content (`LaterCopy`): refused in
    /// the lane of the id's first copy unless the copy that stands has their content.
    var laterCopies: [LaterCopy]

    package init(events: [IncomingEvent], refusals: [Refusal] = [], laterCopies: [LaterCopy] = []) {
        self.events = events
        self.refusals = refusals
        self.laterCopies = laterCopies
    }

    /// Per topic partition, one past the highest offset in the batch.
    var nextOffsets: [TopicPartition: Int64] {
        var next: [TopicPartition: Int64] = [:]
        for event in events {
            let key = TopicPartition(topic: event.topic, partition: event.partition)
            next[key] = max(next[key] ?? 0, event.offset + 1)
        }
        for refusal in refusals {
            let key = TopicPartition(topic: refusal.topic, partition: refusal.partition)
            next[key] = max(next[key] ?? 0, refusal.offset + 1)
        }
        for copy in laterCopies {
            let key = TopicPartition(topic: copy.event.topic, partition: copy.event.partition)
            next[key] = max(next[key] ?? 0, copy.event.offset + 1)
        }
        return next
    }

    /// The persons the batch's work is about: those of its events, and those whose lane decides
    /// a later copy (`LaterCopy.lanePerson`).
    var persons: Set<String> {
        Set(events.map(\.personId)).union(laterCopies.map(\.lanePerson))
    }

    /// The part of the batch about `persons` (events and later copies; no refusals).
    func only(_ persons: Set<String>) -> IngestBatch {
        IngestBatch(
            events: events.filter { persons.contains($0.personId) },
            laterCopies: laterCopies.filter { persons.contains($0.lanePerson) }
        )
    }
}

/// A valid record whose (`source`, `id`) came earlier in the same batch with other content.
///
/// The first copy that is stored wins. Usually that is the batch's first copy, and this one is
/// refused; but when the id was stored before the batch, the stored copy stands, and this record
/// may be a plain re-delivery of it (the original sent again after a changed copy). So it is
/// decided in the lane, against the copy that stands, and never inserted: a copy with another
/// person would otherwise race its first copy to the insert from another lane.
package struct LaterCopy: Sendable {
    var event: IncomingEvent
    /// Its own validated content (the batch's `known` holds the first copy's).
    var content: ValidatedEvent
    /// The person of the id's first copy in the batch: the lane that decides.
    var lanePerson: String
}

extension IngestBatch {
    /// The batch split into at most `count` batches by person (a stable hash of `personId`),
    /// empty lanes left out; the refusals go with the first lane. No person is in two lanes, so
    /// the lanes' transactions never wait for each other's person locks.
    ///
    /// Why lanes may commit separately: storing an event is idempotent (once per source and id,
    /// and a person is recomputed only for new events, in the same transaction), so if some lanes
    /// commit and the process dies before the others, reading the batch again stores only what is
    /// missing. The offsets are therefore stored after every lane has committed.
    func lanes(_ count: Int) -> [IngestBatch] {
        guard count > 1 else { return events.isEmpty && refusals.isEmpty && laterCopies.isEmpty ? [] : [self] }
        var lanes = (0..<count).map { _ in IngestBatch(events: []) }
        let perLane = events.count / count + 1
        for index in lanes.indices { lanes[index].events.reserveCapacity(perLane) }
        for event in events { lanes[Self.lane(of: event.personId, count: count)].events.append(event) }
        for copy in laterCopies { lanes[Self.lane(of: copy.lanePerson, count: count)].laterCopies.append(copy) }
        lanes[0].refusals = refusals
        return lanes.filter { !$0.events.isEmpty || !$0.refusals.isEmpty || !$0.laterCopies.isEmpty }
    }

    /// FNV-1a of the UTF-8 bytes: the same lane for a person in every batch and every process.
    static func lane(of personId: String, count: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in personId.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return Int(hash % UInt64(count))
    }
}

/// A valid event read from Kafka, to be stored once per (`source`, `eventId`): the event as
/// it will be stored (`stored`, what a person's history holds) and where it was read.
@dynamicMemberLookup
package struct IncomingEvent: Sendable, Hashable {
    /// The event itself; its payload holds citizen ID numbers, never logged.
    package var stored: StoredEvent
    var topic: String
    var partition: Int32
    var offset: Int64

    package init(
        source: String,
        eventId: String,
        type: String,
        personId: String,
        eventTime: Date,
        payload: String,
        topic: String,
        partition: Int32,
        offset: Int64
    ) {
        self.stored = StoredEvent(source: source, eventId: eventId, type: type, personId: personId, eventTime: eventTime, payload: payload)
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    /// The stored event's fields (`source`, `eventId`, `type`, `personId`, `eventTime` (the
    /// event's business time, `time`), `payload` (the event as received, JSON text)) read and
    /// written through `stored`, so the two types keep one field list.
    @inlinable
    package subscript<Value>(dynamicMember field: WritableKeyPath<StoredEvent, Value>) -> Value {
        get { stored[keyPath: field] }
        set { stored[keyPath: field] = newValue }
    }
}

extension IncomingEvent {
    /// `eventTime` as stored: whole microseconds since 1970.
    var eventTimeMicroseconds: Int64 { Int64((stored.eventTime.timeIntervalSince1970 * 1_000_000).rounded()) }

    /// Its (`source`, `eventId`): what it is stored once by.
    var identity: EventIdentity { EventIdentity(source: stored.source, id: stored.eventId) }

    /// Every record of `events` whose id `values` holds, with that id's value, in batch order.
    ///
    /// Why every record and not one per id: each copy of an id is a Kafka record of its own,
    /// and each is stored or refused. Counting a second copy as a re-delivery of an id that is
    /// refused left it neither (a CI run of KafkaBoundaryFuzzTests: one refusal short).
    static func records<Value>(of events: [IncomingEvent], withIds values: [EventIdentity: Value]) -> [(event: IncomingEvent, value: Value)] {
        guard !values.isEmpty else { return [] }
        return events.compactMap { event in values[event.identity].map { (event, $0) } }
    }
}

/// An event of a person's stored history, as handed to the coverage computation.
package struct StoredEvent: Sendable, Hashable {
    var source: String
    package var eventId: String
    var type: String
    var personId: String
    var eventTime: Date
    var payload: String

    init(source: String, eventId: String, type: String, personId: String, eventTime: Date, payload: String) {
        self.source = source
        self.eventId = eventId
        self.type = type
        self.personId = personId
        self.eventTime = eventTime
        self.payload = payload
    }
}

extension StoredEvent {
    /// New events as `LoadHistory` would read them back: in `eventTime`, `source`, `eventId`
    /// order, the last two compared byte by byte as the "C" collation does.
    static func history(of events: [IncomingEvent]) -> [StoredEvent] {
        events.sorted { a, b in
            if a.eventTimeMicroseconds != b.eventTimeMicroseconds { return a.eventTimeMicroseconds < b.eventTimeMicroseconds }
            if a.source != b.source { return a.source.utf8.lexicographicallyPrecedes(b.source.utf8) }
            return a.eventId.utf8.lexicographicallyPrecedes(b.eventId.utf8)
        }.map(\.stored)
    }
}

/// A Kafka record that was refused, with the reason; stored once per (topic, partition, offset).
///
/// `source`, `eventId` and `type` are missing when the record could not be read that far.
package struct Refusal: Sendable, Hashable {
    var source: String?
    var eventId: String?
    var type: String?
    var reason: String
    /// The record's value as received (text); holds citizen ID numbers, never logged.
    var payload: String
    var topic: String
    var partition: Int32
    var offset: Int64
    /// Why the record's dead letter could not be sent, when it could not (nil: acknowledged).
    var deadLetterError: String?

    init(
        source: String? = nil,
        eventId: String? = nil,
        type: String? = nil,
        reason: String,
        payload: String,
        topic: String,
        partition: Int32,
        offset: Int64,
        deadLetterError: String? = nil
    ) {
        self.deadLetterError = deadLetterError
        self.source = source
        self.eventId = eventId
        self.type = type
        self.reason = reason
        self.payload = payload
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}

extension Refusal {
    /// The refusal of a valid event that is not stored (a changed copy, a value the database
    /// cannot hold, a limit): its identity, payload and Kafka record, with `reason`.
    init(refusing event: IncomingEvent, reason: String) {
        self.init(
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
}

/// A Kafka topic partition, the unit offsets are stored for.
struct TopicPartition: Sendable, Hashable, Comparable, CustomStringConvertible {
    let topic: String
    let partition: Int32

    init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    static func < (lhs: TopicPartition, rhs: TopicPartition) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }

    var description: String { "\(topic)[\(partition)]" }
}

/// What one batch changed, for metrics.
package struct IngestOutcome: Sendable, Hashable {
    /// Events newly stored (re-deliveries of stored events are not counted).
    package var eventsStored: Int
    /// Events already stored before (same source and id).
    var eventsDuplicate: Int
    /// Refusals newly recorded, including events the database itself refused.
    var refusalsStored: Int
    /// Events refused inside the transaction after all: the database refused them (e.g. a NUL
    /// byte; recorded in `rejected_events` with its message), or they went beyond the bound of
    /// events per type and policy year (`EventsPerTypeAndYear`).
    var eventsRefusedByDatabase: Int
    /// Persons whose coverage and bindings were recomputed.
    var personsRecomputed: Int
    var periodsWritten: Int
    /// The refusals made inside the transaction: the events the database refused
    /// (`eventsRefusedByDatabase`) and copies of stored ids with other content (recorded in the
    /// transaction; the pipeline sends their dead letters after it commits).
    var databaseRefusals: [Refusal] = []
    /// Recomputed persons who have family-account bindings (bound to an authoriser): the only
    /// ones the family-account limit pass has to look at (`IngestionPipeline.finish`).
    var personsWithFamilyBindings: Set<String> = []

    init(
        eventsStored: Int = 0,
        eventsDuplicate: Int = 0,
        refusalsStored: Int = 0,
        eventsRefusedByDatabase: Int = 0,
        personsRecomputed: Int = 0,
        periodsWritten: Int = 0,
        databaseRefusals: [Refusal] = [],
        personsWithFamilyBindings: Set<String> = []
    ) {
        self.databaseRefusals = databaseRefusals
        self.personsWithFamilyBindings = personsWithFamilyBindings
        self.eventsStored = eventsStored
        self.eventsDuplicate = eventsDuplicate
        self.refusalsStored = refusalsStored
        self.eventsRefusedByDatabase = eventsRefusedByDatabase
        self.personsRecomputed = personsRecomputed
        self.periodsWritten = periodsWritten
    }
}

extension IngestOutcome {
    /// The outcomes of a batch's lanes, added up.
    static func + (lhs: IngestOutcome, rhs: IngestOutcome) -> IngestOutcome {
        IngestOutcome(
            eventsStored: lhs.eventsStored + rhs.eventsStored,
            eventsDuplicate: lhs.eventsDuplicate + rhs.eventsDuplicate,
            refusalsStored: lhs.refusalsStored + rhs.refusalsStored,
            eventsRefusedByDatabase: lhs.eventsRefusedByDatabase + rhs.eventsRefusedByDatabase,
            personsRecomputed: lhs.personsRecomputed + rhs.personsRecomputed,
            periodsWritten: lhs.periodsWritten + rhs.periodsWritten,
            databaseRefusals: lhs.databaseRefusals + rhs.databaseRefusals,
            personsWithFamilyBindings: lhs.personsWithFamilyBindings.union(rhs.personsWithFamilyBindings)
        )
    }
}
