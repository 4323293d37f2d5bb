import InsuranceDomain
import Metrics
import Synchronization

/// The pipeline's metrics: events consumed and refused by type, batch size and duration,
/// the last committed offset per partition (consumer lag comes from the Kafka layer's
/// `kafka_consumer_lag`).
final class PipelineMetrics: Sendable {
    private struct Handles {
        var consumed: [String: Counter] = [:]
        var refused: [String: Counter] = [:]
        var committed: [TopicPartition: Gauge] = [:]
    }

    private let handles = Mutex(Handles())
    private let batchSize = Recorder(label: "benefits_batch_size", aggregate: true)
    private let batchDuration = Metrics.Timer(label: "benefits_batch_duration_seconds")
    private let duplicates = Counter(label: "benefits_events_duplicate_total")
    /// 1 while the last database attempt succeeded, 0 from a failed one until the next success.
    private let databaseAvailable = Gauge(label: "benefits_database_available")
    /// Failed database attempts (each followed by a backoff and a retry).
    private let databaseRetries = Counter(label: "benefits_database_retries_total")
    /// Dead letters the broker refused for good (noted in `rejected_events.dead_letter_error`).
    private let deadLettersFailed = Counter(label: "benefits_dead_letters_failed_total")
    /// Persons whose events were refused because storing or computing them failed, and other
    /// content-caused failures the pipeline went past.
    private let isolations = Counter(label: "benefits_poison_isolations_total")

    /// Labels come only from the contract's event types, never from a record's raw text:
    /// anything else would let upstream producers mint unbounded label values (and put their
    /// text on /metrics).
    static func typeLabel(_ type: String?) -> String {
        guard let type, InsuranceEventType(rawValue: type) != nil else { return "unknown" }
        return type
    }

    func recordDeadLetterFailure() { deadLettersFailed.increment() }

    func recordIsolation() { isolations.increment() }

    /// Refusals found while storing (the batch's own are counted by `record`).
    func recordRefused(_ refusals: [Refusal]) {
        handles.withLock { handles in
            for refusal in refusals {
                Self.counter(&handles.refused, "benefits_events_refused_total", Self.typeLabel(refusal.type)).increment()
            }
        }
    }

    init() {
        databaseAvailable.record(1)
    }

    func recordDatabase(available: Bool) {
        databaseAvailable.record(available ? 1 : 0)
        if !available { databaseRetries.increment() }
    }

    func record(
        consumedByType: [String: Int],
        refusedByType: [String: Int],
        duplicates: Int,
        size: Int,
        duration: Duration,
        nextOffsets: [TopicPartition: Int64]
    ) {
        handles.withLock { handles in
            for (type, count) in consumedByType {
                Self.counter(&handles.consumed, "benefits_events_consumed_total", type).increment(by: count)
            }
            for (type, count) in refusedByType {
                Self.counter(&handles.refused, "benefits_events_refused_total", type).increment(by: count)
            }
            for (partition, offset) in nextOffsets {
                let gauge =
                    handles.committed[partition]
                    ?? Gauge(
                        label: "benefits_committed_offset",
                        dimensions: [("topic", partition.topic), ("partition", String(partition.partition))]
                    )
                handles.committed[partition] = gauge
                gauge.record(offset)
            }
        }
        if duplicates > 0 { self.duplicates.increment(by: duplicates) }
        batchSize.record(size)
        batchDuration.recordNanoseconds(duration.nanoseconds)
    }

    private static func counter(_ cache: inout [String: Counter], _ label: String, _ rawType: String) -> Counter {
        let type = typeLabel(rawType)
        if let counter = cache[type] { return counter }
        let counter = Counter(label: label, dimensions: [("type", type)])
        cache[type] = counter
        return counter
    }
}
