import InsuranceDomain
import Kafka
import PostgresNIO

@testable import Benefits

/// Stores JSON events through the pipeline's store path without a broker: each becomes a
/// record of one partition, decoded by the pipeline's `RecordDecoder` and stored with `ingest`
/// and the pipeline's recomputation, as a running service would have.
enum TestIngest {
    /// Returns the refusals the decoder made (stored in `rejected_events` too).
    @discardableResult
    static func store(
        _ jsons: [String],
        into client: PostgresClient,
        policy: PolicyBook = .bundledDefaults,
        topic: String = "insurance.contributions.v1",
        group: String = "tests"
    ) async throws -> [Refusal] {
        let decoder = RecordDecoder(policy: policy)
        var events: [IncomingEvent] = []
        var refusals: [Refusal] = []
        var known: [EventIdentity: ValidatedEvent] = [:]
        for (offset, json) in jsons.enumerated() {
            let message = KafkaConsumerMessage(
                topic: topic,
                partition: 0,
                offset: Int64(offset),
                key: nil,
                value: Array(json.utf8),
                headers: [],
                timestamp: nil
            )
            switch decoder.decode(message) {
            case .event(let incoming, let validated):
                events.append(incoming)
                known[validated.identity] = validated
            case .refusal(let refusal, _):
                refusals.append(refusal)
            }
        }
        let recomputation = CoverageRecomputation(policy: policy)
        let knownEvents = known
        _ = try await BenefitsStore(client: client).ingest(batch: IngestBatch(events: events, refusals: refusals)) {
            recomputation.result(personId: $0, history: $1, known: knownEvents)
        }
        return refusals
    }
}
