import CRdKafka
import Logging

/// The consumer's rebalance callback, called by librdkafka on the poll thread. Assign first,
/// then let the caller seek; on revocation let the caller finish and commit, then give the
/// partitions up.
struct RebalanceHandler: Sendable {
    let state: ConsumerPollState
    let channel: MessageChannel
    let events: RebalanceEvents
    /// Partitions announced as `.assigned` but not yet handed to librdkafka (see `KafkaConsumer.seek`).
    let pending: Locked<PendingAssignment?>
    let timeout: Duration
    /// Set once the consumer is closing: events are then published without waiting.
    let stopping: Locked<Bool>
    let logger: Logger

    func handle(
        _ handle: OpaquePointer,
        error: rd_kafka_resp_err_t,
        list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    ) {
        let stopping = stopping.withLock { $0 }
        let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
        let partitions = TopicPartitionList.partitions(list)
        switch error {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            // Publish first, assign after: seeks made while handling the event become start
            // offsets (librdkafka refuses to seek a partition that is not fetching yet).
            pending.withLock { $0 = PendingAssignment(partitions: Set(partitions)) }
            logger.info("Kafka partitions assigned", metadata: ["kafka.partitions": "\(partitions)"])
            events.publish(.assigned(partitions), timeout: timeout, stopping: stopping)
            let starts = pending.withLock { pending in
                defer { pending = nil }
                return pending?.starts ?? [:]
            }
            for index in 0..<Int(list.pointee.cnt) {
                let element = list.pointee.elems[index]
                let partition = KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)
                if let offset = starts[partition] { list.pointee.elems[index].offset = offset }
            }
            if cooperative {
                if let failure = rd_kafka_incremental_assign(handle, list) {
                    logger.error("Kafka incremental assign failed", metadata: ["kafka.error": "\(KafkaError(consuming: failure))"])
                }
            } else {
                let code = rd_kafka_assign(handle, list)
                if code != RD_KAFKA_RESP_ERR_NO_ERROR {
                    logger.error("Kafka assign failed", metadata: ["kafka.error": "\(KafkaError(code))"])
                }
            }
            state.assignment.formUnion(partitions)
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            let revoked = Set(partitions)
            state.assignment.subtract(revoked)
            state.revokedDuringTake = true
            channel.removeMessages(of: revoked)
            logger.info("Kafka partitions revoked", metadata: ["kafka.partitions": "\(partitions)"])
            events.publish(.revoked(partitions), timeout: timeout, stopping: stopping)
            if cooperative {
                rd_kafka_error_destroy_if(rd_kafka_incremental_unassign(handle, list))
            } else {
                _ = rd_kafka_assign(handle, nil)
            }
        default:
            logger.error("Kafka rebalance error", metadata: ["kafka.error": "\(KafkaError(error))"])
            state.assignment.removeAll()
            _ = rd_kafka_assign(handle, nil)
        }
    }
}

/// Partitions announced to the caller as assigned but not yet given to librdkafka, and the
/// start offsets the caller chose for them with `seek`.
struct PendingAssignment: Sendable {
    var partitions: Set<KafkaTopicPartition>
    var starts: [KafkaTopicPartition: Int64] = [:]
}
