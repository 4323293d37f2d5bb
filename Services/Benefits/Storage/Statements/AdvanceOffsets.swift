import PostgresNIO

extension Statements {
    /// Moves a group's offsets forward, never back (a partition's late former owner must not rewind it).
    struct AdvanceOffsets: PostgresPreparedStatement {
        static let sql = """
            INSERT INTO consumer_offsets AS o (consumer_group, topic, partition, next_offset)
            SELECT $1, u.topic, u.partition, u.next_offset
            FROM unnest($2::text[], $3::int4[], $4::int8[]) AS u(topic, partition, next_offset)
            ON CONFLICT (consumer_group, topic, partition)
            DO UPDATE SET next_offset = GREATEST(o.next_offset, EXCLUDED.next_offset), updated_at = now()
            """
        typealias Row = ()
        let group: String
        let offsets: [TopicPartition: Int64]

        func makeBindings() throws -> PostgresBindings {
            let sorted = offsets.sorted { $0.key < $1.key }
            var bindings = PostgresBindings(capacity: 4)
            bindings.append(group)
            bindings.append(sorted.map(\.key.topic))
            bindings.append(sorted.map(\.key.partition))
            bindings.append(sorted.map(\.value))
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws {}
    }
}
