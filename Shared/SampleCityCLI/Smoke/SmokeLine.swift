/// One event as the smoke suite sends it: its JSON text and the Kafka key it travels with
/// (the person's number; nil when sent without a key).
struct SmokeLine: Sendable {
    let json: String
    let key: String?
}
