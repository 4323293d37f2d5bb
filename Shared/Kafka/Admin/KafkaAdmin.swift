import CRdKafka
import Logging

/// Topic administration, for tests and services that ensure their topics exist.
public enum KafkaAdmin {
    /// Creates `topic` with `partitions` partitions; succeeds if it already exists.
    public static func ensureTopic(
        _ topic: String,
        partitions: Int32,
        replicationFactor: Int32 = 1,
        bootstrapServers: String,
        properties: [String: String] = [:],
        timeout: Duration = .seconds(30),
        logger: Logger = Logger(label: "kafka.admin")
    ) async throws(KafkaError) {
        var all = properties
        all["bootstrap.servers"] = bootstrapServers
        let client = try RdKafkaClient(kind: .producer, properties: all, logger: logger)
        let milliseconds = Int32(clamping: timeout.milliseconds)
        let error: KafkaError? = await client.blocking { handle in
            var errorText = [CChar](repeating: 0, count: 512)
            guard let newTopic = rd_kafka_NewTopic_new(topic, partitions, replicationFactor, &errorText, errorText.count) else {
                return KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG, message: "topic '\(topic)': \(string(fromErrorBuffer: errorText))")
            }
            defer { rd_kafka_NewTopic_destroy(newTopic) }
            let queue = rd_kafka_queue_new(handle)!
            defer { rd_kafka_queue_destroy(queue) }
            let options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_CREATETOPICS)
            defer { rd_kafka_AdminOptions_destroy(options) }
            _ = rd_kafka_AdminOptions_set_operation_timeout(options, milliseconds, &errorText, errorText.count)
            var topics: [OpaquePointer?] = [newTopic]
            rd_kafka_CreateTopics(handle, &topics, 1, options, queue)
            guard let event = rd_kafka_queue_poll(queue, milliseconds + 5_000) else {
                return KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT, message: "creating topic '\(topic)' timed out")
            }
            defer { rd_kafka_event_destroy(event) }
            let code = rd_kafka_event_error(event)
            if code != RD_KAFKA_RESP_ERR_NO_ERROR {
                return KafkaError(code, message: "creating topic '\(topic)': \(String(cString: rd_kafka_event_error_string(event)))")
            }
            var count = 0
            guard let result = rd_kafka_event_CreateTopics_result(event),
                let results = rd_kafka_CreateTopics_result_topics(result, &count)
            else { return nil }
            for index in 0..<count {
                let code = rd_kafka_topic_result_error(results[index])
                if code != RD_KAFKA_RESP_ERR_NO_ERROR && code != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS {
                    let text = rd_kafka_topic_result_error_string(results[index]).map { String(cString: $0) }
                    return KafkaError(code, message: "creating topic '\(topic)': \(text ?? "")")
                }
            }
            return nil
        }
        if let error { throw error }
    }
}
