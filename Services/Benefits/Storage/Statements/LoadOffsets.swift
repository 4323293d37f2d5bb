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
