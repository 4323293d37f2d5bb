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

    init() {
        databaseAvailable.record(1)
    }

    func recordDatabase(available: Bool) {
        databaseAvailable.record(available ? 1 : 0)
        if !available { databaseRetries.increment() }
    }

    func record(consumedByType: [String: Int], refusedByType: [String: Int], duplicates: Int,
                         size: Int, duration: Duration, nextOffsets: [TopicPartition: Int64]) {
        handles.withLock { handles in
            for (type, count) in consumedByType {
                Self.counter(&handles.consumed, "benefits_events_consumed_total", type).increment(by: count)
            }
            for (type, count) in refusedByType {
                Self.counter(&handles.refused, "benefits_events_refused_total", type).increment(by: count)
            }
            for (partition, offset) in nextOffsets {
                let gauge = handles.committed[partition] ?? Gauge(
                    label: "benefits_committed_offset",
                    dimensions: [("topic", partition.topic), ("partition", String(partition.partition))])
                handles.committed[partition] = gauge
                gauge.record(offset)
            }
        }
        if duplicates > 0 { self.duplicates.increment(by: duplicates) }
        batchSize.record(size)
        batchDuration.recordNanoseconds(duration.nanoseconds)
    }

    private static func counter(_ cache: inout [String: Counter], _ label: String, _ type: String) -> Counter {
        if let counter = cache[type] { return counter }
        let counter = Counter(label: label, dimensions: [("type", type)])
        cache[type] = counter
        return counter
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    var milliseconds: Int64 { nanoseconds / 1_000_000 }
}
