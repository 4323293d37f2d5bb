import PostgresNIO

extension Statements {
    struct LoadOffsets: PostgresPreparedStatement {
        static let sql = "SELECT topic, partition, next_offset FROM consumer_offsets WHERE consumer_group = $1"
        typealias Row = (TopicPartition, Int64)
        let group: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(group)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> (TopicPartition, Int64) {
            let (topic, partition, next) = try row.decode((String, Int32, Int64).self)
            return (TopicPartition(topic: topic, partition: partition), next)
        }
    }
}

extension Statements {
    /// Moves a group's offsets forward, never back (a partition's late former owner must not rewind it).
    struct AdvanceOffsets: PostgresPreparedStatement {
        static let sql = """
            INSERT INTO consumer_offsets AS o (consumer_group, topic, partition, next_offset)
            SELECT $1, u.topic, u.partition, u.next_offset
            FROM unnest($2::text[], $3::int4[], $4::int8[]) AS u(topic, partition, next_offset)
            WHERE $5::int8 IS NULL OR \(BenefitsStore.serverStartExpression) = $5::int8
            ON CONFLICT (consumer_group, topic, partition)
            DO UPDATE SET next_offset = GREATEST(o.next_offset, EXCLUDED.next_offset), updated_at = now()
            RETURNING true
            """
        typealias Row = Bool
        let group: String
        let offsets: [TopicPartition: Int64]
        /// When set, nothing is stored unless the server is still the one that started then
        /// (see `BenefitsStore.serverStart()`).
        var serverStart: Int64? = nil

        func makeBindings() throws -> PostgresBindings {
            let sorted = offsets.sorted { $0.key < $1.key }
            var bindings = PostgresBindings(capacity: 5)
            bindings.append(group)
            bindings.append(sorted.map(\.key.topic))
            bindings.append(sorted.map(\.key.partition))
            bindings.append(sorted.map(\.value))
            bindings.append(serverStart)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Bool { try row.decode(Bool.self) }
    }
}
