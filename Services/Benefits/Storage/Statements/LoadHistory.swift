import Foundation
import PostgresNIO

extension Statements {
    /// Every stored event of the given persons, in the order the coverage computation reads them.
    struct LoadHistory: PostgresPreparedStatement {
        static let sql = """
            SELECT source, event_id, type, person_id, event_time, payload FROM events
            WHERE person_id = ANY($1) ORDER BY person_id, event_time, source, event_id
            """
        typealias Row = StoredEvent
        let personIds: [String]

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(personIds)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> StoredEvent {
            let (source, eventId, type, personId, eventTime, payload) =
                try row.decode((String, String, String, String, Date, String).self)
            return StoredEvent(
                source: source,
                eventId: eventId,
                type: type,
                personId: personId,
                eventTime: eventTime,
                payload: payload
            )
        }
    }
}
