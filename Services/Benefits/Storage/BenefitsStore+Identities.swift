import Logging
import PostgresNIO

extension BenefitsStore {
    /// For each of `events` whose (source, id) is already stored: the stored copy's payload.
    /// Keys are positions in `events`; events not stored are absent.
    ///
    /// Why: the first stored copy of an id wins; a later copy with other content must be
    /// refused rather than counted as a harmless re-delivery (the caller compares content,
    /// not bytes: the same event may arrive with its members in another order).
    func storedPayloads(of events: [IncomingEvent]) async throws -> [Int: String] {
        guard !events.isEmpty else { return [:] }
        return try await client.withConnectionEndingOnClose { connection in
            try await Self.storedPayloads(of: events, on: connection, logger: logger)
        }
    }

    /// `storedPayloads(of:)` on a given connection (inside a lane's transaction).
    static func storedPayloads(of events: [IncomingEvent], on connection: PostgresConnection, logger: Logger) async throws -> [Int: String] {
        guard !events.isEmpty else { return [:] }
        let sql = """
            SELECT (k.position - 1)::int4, e.payload
            FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(source, event_id, position)
            JOIN events e ON e.source = k.source COLLATE "C" AND e.event_id = k.event_id COLLATE "C"
            """
        // An id PostgreSQL cannot hold (a NUL) cannot have been stored: not looked up.
        let searched = events.indices.filter { !events[$0].source.utf8.contains(0) && !events[$0].eventId.utf8.contains(0) }
        guard !searched.isEmpty else { return [:] }
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(searched.map { events[$0].source })
        bindings.append(searched.map { events[$0].eventId })
        var stored: [Int: String] = [:]
        let rows = try await connection.rows(
            PostgresQuery(unsafeSQL: sql, binds: bindings),
            decoding: (Int32, String).self,
            logger: logger
        )
        for (position, payload) in rows {
            guard searched.indices.contains(Int(position)) else { continue }
            stored[searched[Int(position)]] = payload
        }
        return stored
    }

    /// Records that the refusals' dead letters could not be sent (their rows are already stored).
    func noteDeadLetterFailures(_ refusals: [Refusal]) async throws {
        let failed = refusals.filter { $0.deadLetterError != nil }
        guard !failed.isEmpty else { return }
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(failed.map(\.topic))
        bindings.append(failed.map(\.partition))
        bindings.append(failed.map(\.offset))
        bindings.append(failed.map { Self.searchable($0.deadLetterError ?? "") })
        try await client.withConnectionEndingOnClose { [bindings] connection in
            try await connection.run(
                PostgresQuery(
                    unsafeSQL: """
                        UPDATE rejected_events r SET dead_letter_error = u.error
                        FROM unnest($1::text[], $2::int4[], $3::int8[], $4::text[]) AS u(topic, partition, kafka_offset, error)
                        WHERE r.topic = u.topic AND r.partition = u.partition AND r.kafka_offset = u.kafka_offset
                        """,
                    binds: bindings
                ),
                logger: logger
            )
        }
    }

    /// NUL is the one character PostgreSQL's text cannot hold.
    static func searchable(_ text: String) -> String {
        text.contains("\u{0}") ? text.replacingOccurrences(of: "\u{0}", with: "\\u0000") : text
    }
}
