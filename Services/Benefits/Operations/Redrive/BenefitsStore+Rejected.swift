import InsuranceDomain
import PostgresNIO

extension BenefitsStore {
    /// Up to `limit` refusals with an id above `after`, in id order; only those whose reason
    /// contains `reasonContaining` when given. Redriven ones too: redriving them again is a no-op.
    func rejectedRecords(after: Int64, reasonContaining: String?, limit: Int) async throws -> [RejectedRecord] {
        let rows = try await client.rows(
            """
            SELECT id, source, event_id, type, reason, payload, topic, partition, kafka_offset FROM rejected_events
            WHERE id > \(after) AND (\(reasonContaining)::text IS NULL OR strpos(reason, \(reasonContaining)::text) > 0)
            ORDER BY id LIMIT \(limit)
            """,
            decoding: (Int64, String?, String?, String?, String, String, String, Int32, Int64).self,
            logger: logger
        )
        var records: [RejectedRecord] = []
        for (id, source, eventId, type, reason, payload, topic, partition, offset) in rows {
            records.append(
                RejectedRecord(
                    id: id,
                    refusal: Refusal(
                        source: source,
                        eventId: eventId,
                        type: type,
                        reason: reason,
                        payload: payload,
                        topic: topic,
                        partition: partition,
                        offset: offset
                    )
                )
            )
        }
        return records
    }

    /// Which of the identities are stored in `events`.
    func storedIdentities(_ identities: [EventIdentity]) async throws -> Set<EventIdentity> {
        guard !identities.isEmpty else { return [] }
        let rows = try await client.rows(
            """
            SELECT k.source, k.event_id FROM unnest(\(identities.map(\.source))::text[], \(identities.map(\.id))::text[]) AS k(source, event_id)
            WHERE EXISTS (SELECT 1 FROM events e WHERE e.source = k.source COLLATE "C" AND e.event_id = k.event_id COLLATE "C")
            """,
            decoding: (String, String).self,
            logger: logger
        )
        var stored: Set<EventIdentity> = []
        for (source, id) in rows { stored.insert(EventIdentity(source: source, id: id)) }
        return stored
    }

    /// Marks the refusals (row id → the identity of the event their record holds) whose event
    /// is stored; the first mark stays. Returns how many rows were newly marked.
    ///
    /// Why the mark is derived from `events` rather than written with the event: it then says
    /// what is true whatever happened in between (a redrive stopped after storing, a later
    /// resend by the sender), and repeating it changes nothing.
    func markRedriven(_ records: [(rowId: Int64, identity: EventIdentity)]) async throws -> Int {
        guard !records.isEmpty else { return 0 }
        let rows = try await client.rows(
            """
            WITH marked AS (
                UPDATE rejected_events r SET redriven_at = now()
                FROM unnest(\(records.map { $0.rowId })::int8[], \(records.map { $0.identity.source })::text[], \(records.map { $0.identity.id })::text[])
                    AS k(row_id, source, event_id)
                WHERE r.id = k.row_id AND r.redriven_at IS NULL
                  AND EXISTS (SELECT 1 FROM events e WHERE e.source = k.source COLLATE "C" AND e.event_id = k.event_id COLLATE "C")
                RETURNING 1
            )
            SELECT count(*) FROM marked
            """,
            decoding: Int.self,
            logger: logger
        )
        return rows.first ?? 0
    }
}

/// A row of `rejected_events`: the stored `Refusal` (a Kafka record refused at the door, with
/// its value as received; the value holds citizen ID numbers and is never printed) and its id.
struct RejectedRecord: Sendable, Hashable {
    var id: Int64
    var refusal: Refusal

    init(id: Int64, refusal: Refusal) {
        self.id = id
        self.refusal = refusal
    }

    var source: String? { refusal.source }
    var eventId: String? { refusal.eventId }
    var type: String? { refusal.type }
    var reason: String { refusal.reason }
    var payload: String { refusal.payload }
    var topic: String { refusal.topic }
    var partition: Int32 { refusal.partition }
    var offset: Int64 { refusal.offset }
}
