import CRdKafka
import Foundation
import Kafka
import Testing

/// A smoke test of the local broker through librdkafka's C API directly, so it
/// checks the stack independently of our Swift Kafka layer.
@Suite("Local broker")
struct BrokerStackTests {
    @Test("librdkafka 2.8 or later is linked")
    func linkedVersion() {
        let version = Librdkafka.version
        print("librdkafka linked: \(version)")
        #expect(rd_kafka_version() >= 0x0208_0000, "librdkafka \(version) is older than 2.8.0")
    }

    @Test("one message produced with acks=all is consumed back")
    func roundTrip() throws {
        let topic = "stack-smoke-\(UUID().uuidString.prefix(8))"
        let payload = "hello \(topic)"

        let producer = try makeClient(
            type: RD_KAFKA_PRODUCER,
            [
                "bootstrap.servers": StackEnvironment.kafkaBootstrapServers,
                "enable.idempotence": "true", "acks": "all",
            ]
        )
        defer { rd_kafka_destroy(producer) }
        let produced = payload.withCString { bytes in
            rd_kafka_produce(
                rd_kafka_topic_new(producer, topic, nil),
                RD_KAFKA_PARTITION_UA,
                RD_KAFKA_MSG_F_COPY,
                UnsafeMutableRawPointer(mutating: bytes),
                strlen(bytes),
                "key",
                3,
                nil
            )
        }
        #expect(produced == 0, "produce failed: \(String(cString: rd_kafka_err2str(rd_kafka_last_error())))")
        let flushed = rd_kafka_flush(producer, 15_000)
        #expect(flushed == RD_KAFKA_RESP_ERR_NO_ERROR, "flush: \(String(cString: rd_kafka_err2str(flushed))); \(StackEnvironment.hint)")

        let consumer = try makeClient(
            type: RD_KAFKA_CONSUMER,
            [
                "bootstrap.servers": StackEnvironment.kafkaBootstrapServers,
                "group.id": "stack-smoke-\(UUID().uuidString)",
                "auto.offset.reset": "earliest",
                "session.timeout.ms": "6000",
                "fetch.wait.max.ms": "50",
            ]
        )
        defer {
            rd_kafka_consumer_close(consumer)
            rd_kafka_destroy(consumer)
        }
        rd_kafka_poll_set_consumer(consumer)
        let list = rd_kafka_topic_partition_list_new(1)
        rd_kafka_topic_partition_list_add(list, topic, RD_KAFKA_PARTITION_UA)
        #expect(rd_kafka_subscribe(consumer, list) == RD_KAFKA_RESP_ERR_NO_ERROR)
        rd_kafka_topic_partition_list_destroy(list)

        var received: String?
        let deadline = Date().addingTimeInterval(30)
        while received == nil, Date() < deadline {
            guard let message = rd_kafka_consumer_poll(consumer, 200) else { continue }
            defer { rd_kafka_message_destroy(message) }
            if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR, let bytes = message.pointee.payload {
                received = String(decoding: UnsafeRawBufferPointer(start: bytes, count: message.pointee.len), as: UTF8.self)
            }
        }
        #expect(received == payload, "the message did not come back within 30 s; \(StackEnvironment.hint)")
    }

    private func makeClient(type: rd_kafka_type_t, _ properties: [String: String]) throws -> OpaquePointer {
        let conf = rd_kafka_conf_new()
        var errorText = [CChar](repeating: 0, count: 512)
        for (name, value) in properties {
            let result = rd_kafka_conf_set(conf, name, value, &errorText, errorText.count)
            #expect(result == RD_KAFKA_CONF_OK, "\(name): \(Self.text(errorText))")
        }
        guard let client = rd_kafka_new(type, conf, &errorText, errorText.count) else {
            throw StackError(message: Self.text(errorText))
        }
        return client
    }

    /// The NUL-terminated text librdkafka wrote into `buffer`.
    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    struct StackError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
