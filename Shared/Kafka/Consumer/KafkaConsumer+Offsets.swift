import CRdKafka

extension KafkaConsumer {
    /// Commits the given offsets (each the next offset to read) and returns once the group
    /// coordinator stored them.
    public func commit(_ offsets: [KafkaTopicPartitionOffset]) async throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        let error: KafkaError? = await client.blocking { handle in
            let list = TopicPartitionList.make(offsets)
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let code = rd_kafka_commit(handle, list, 0)
            if code != RD_KAFKA_RESP_ERR_NO_ERROR { return KafkaError(code) }
            return TopicPartitionList.firstError(list)
        }
        if let error { throw error }
    }

    /// Commits, per partition, the offset after the last of `messages`.
    public func commit(after messages: some Sequence<KafkaConsumerMessage>) async throws(KafkaError) {
        try await commit(Self.nextOffsets(after: messages))
    }

    /// Hands the offsets after the last of `messages` to librdkafka, which commits them in the
    /// background, and returns at once (`rd_kafka_commit` with `async`; the call does not block).
    /// For a consumer whose own store holds the offsets that count (the benefits pipeline keeps
    /// them in PostgreSQL): Kafka's committed offsets are then a convenience for tools, and
    /// waiting for the coordinator would hold up the next batch for nothing. Throws only what
    /// librdkafka refuses at once (no offsets, not a group member).
    public func commitInBackground(after messages: some Sequence<KafkaConsumerMessage>) throws(KafkaError) {
        let offsets = Self.nextOffsets(after: messages)
        guard !offsets.isEmpty else { return }
        let list = TopicPartitionList.make(offsets)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let code = rd_kafka_commit(client.handle, list, 1)
        if code != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(code) }
    }

    static func nextOffsets(after messages: some Sequence<KafkaConsumerMessage>) -> [KafkaTopicPartitionOffset] {
        var next: [KafkaTopicPartition: Int64] = [:]
        for message in messages {
            next[message.topicPartition] = max(next[message.topicPartition] ?? 0, message.offset + 1)
        }
        return next.map { KafkaTopicPartitionOffset($0.key, offset: $0.value) }
    }

    /// Makes the next message read from `partition` (which must be assigned) the one at `offset`.
    public func seek(_ partition: KafkaTopicPartition, to offset: Int64) async throws(KafkaError) {
        try await seek([KafkaTopicPartitionOffset(partition, offset: offset)])
    }

    /// Seeks several assigned partitions at once.
    /// While an `.assigned` event is being handled the offsets become the partitions' start
    /// offsets; otherwise the partitions are seeked (retried briefly while a fresh assignment
    /// is still starting up).
    public func seek(_ offsets: [KafkaTopicPartitionOffset]) async throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        let remaining = pendingAssignment.withLock { pending -> [KafkaTopicPartitionOffset] in
            guard pending != nil else { return offsets }
            var rest: [KafkaTopicPartitionOffset] = []
            for offset in offsets {
                if pending?.partitions.contains(offset.topicPartition) == true {
                    pending?.starts[offset.topicPartition] = offset.offset
                } else {
                    rest.append(offset)
                }
            }
            return rest
        }
        guard !remaining.isEmpty else { return }
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            let error: KafkaError? = await client.blocking { handle in
                let list = TopicPartitionList.make(remaining)
                defer { rd_kafka_topic_partition_list_destroy(list) }
                if let error = rd_kafka_seek_partitions(handle, list, 10_000) { return KafkaError(consuming: error) }
                return TopicPartitionList.firstError(list)
            }
            guard let error else { return }
            guard error.code == .state, ContinuousClock.now < deadline else { throw error }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The committed offsets of the given partitions (`nil` where none is committed).
    public func committedOffsets(
        _ partitions: [KafkaTopicPartition],
        timeout: Duration = .seconds(10)
    ) async throws(KafkaError)
        -> [KafkaTopicPartition: Int64?]
    {
        let milliseconds = Int32(clamping: timeout.milliseconds)
        let result: Result<[KafkaTopicPartition: Int64?], KafkaError> = await client.blocking { handle in
            let list = TopicPartitionList.make(partitions.map { KafkaTopicPartitionOffset($0, offset: .invalid) })
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let code = rd_kafka_committed(handle, list, milliseconds)
            if code != RD_KAFKA_RESP_ERR_NO_ERROR { return .failure(KafkaError(code)) }
            var offsets: [KafkaTopicPartition: Int64?] = [:]
            for index in 0..<Int(list.pointee.cnt) {
                let element = list.pointee.elems[index]
                let partition = KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)
                offsets[partition] = KafkaOffset(rawValue: element.offset).isConcrete ? element.offset : nil
            }
            return .success(offsets)
        }
        return try result.get()
    }
}

/// Conversions between Swift partitions and `rd_kafka_topic_partition_list_t`.
enum TopicPartitionList {
    static func make(_ offsets: [KafkaTopicPartitionOffset]) -> UnsafeMutablePointer<rd_kafka_topic_partition_list_t> {
        let list = rd_kafka_topic_partition_list_new(Int32(clamping: offsets.count))!
        for offset in offsets {
            rd_kafka_topic_partition_list_add(list, offset.topic, offset.partition).pointee.offset = offset.offset
        }
        return list
    }

    static func partitions(_ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> [KafkaTopicPartition] {
        (0..<Int(list.pointee.cnt)).map { index in
            let element = list.pointee.elems[index]
            return KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)
        }
    }

    /// The first per-partition error in the list, if any.
    static func firstError(_ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> KafkaError? {
        for index in 0..<Int(list.pointee.cnt) {
            let element = list.pointee.elems[index]
            if element.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                let error = KafkaError(element.err)
                return KafkaError(
                    code: error.code,
                    message: "\(String(cString: element.topic))[\(element.partition)]: \(error.message)",
                    isRetriable: error.isRetriable,
                    isFatal: error.isFatal
                )
            }
        }
        return nil
    }
}
