import Kafka
import Logging
import ServiceSupport

/// Follows the consumer group's rebalances: a newly assigned partition resumes where the
/// database says its last stored batch ended, and a revoked one is handed over only once the
/// batches read from it are stored.
struct PartitionHandover: Sendable {
    let consumer: KafkaConsumer
    let store: BenefitsStore
    let retry: DatabaseRetry
    let gate: BatchGate
    let state: PipelineState
    let groupID: String
    let logger: Logger

    /// Until the consumer's rebalance events end (when the consumer stops).
    func run() async throws {
        for await event in consumer.events {
            switch event {
            case .assigned(let partitions):
                let seeks = try await storedPositions(of: partitions)
                do {
                    try await consumer.seek(seeks)
                } catch {
                    logger.error("seek to stored offsets failed", metadata: ["kafka.error": "\(LogText.escaped("\(error)"))"])
                }
                state.update {
                    $0.assignedPartitions += partitions.count
                    $0.joinedGroup = true
                }
                logger.info(
                    "partitions assigned",
                    metadata: [
                        "partitions": "\(partitions.count)", "resumedFromDatabase": "\(seeks.count)",
                    ]
                )
            case .revoked(let partitions):
                await gate.waitUntilIdle()
                state.update { $0.assignedPartitions = max(0, $0.assignedPartitions - partitions.count) }
                logger.info("partitions revoked", metadata: ["partitions": "\(partitions.count)"])
            }
        }
    }

    /// The offsets stored with the data are the truth; Kafka's committed ones may lag behind.
    private func storedPositions(of partitions: [KafkaTopicPartition]) async throws -> [KafkaTopicPartitionOffset] {
        let (store, groupID) = (self.store, self.groupID)
        let stored = try await retry.run("read stored offsets") { try await store.offsets(group: groupID) }
        return partitions.compactMap { partition in
            stored[TopicPartition(topic: partition.topic, partition: partition.partition)]
                .map { KafkaTopicPartitionOffset(partition, offset: $0) }
        }
    }
}
