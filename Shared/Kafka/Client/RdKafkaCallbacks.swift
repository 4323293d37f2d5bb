import CRdKafka
import Logging
import Synchronization

/// What librdkafka's C callbacks reach through the client opaque: the logger and, for
/// consumers, the rebalance handler. Lives as long as the `rd_kafka_t` (released after destroy).
final class RdKafkaCallbacks: Sendable {
    typealias RebalanceHandler =
        @Sendable (
            _ handle: OpaquePointer, _ error: rd_kafka_resp_err_t,
            _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
        ) -> Void

    let logger: Logger
    private let rebalanceHandler = Mutex<RebalanceHandler?>(nil)

    init(logger: Logger) {
        self.logger = logger
    }

    func setRebalanceHandler(_ handler: @escaping RebalanceHandler) {
        rebalanceHandler.withLock { $0 = handler }
    }

    var rebalance: RebalanceHandler? { rebalanceHandler.withLock { $0 } }

    static func from(_ handle: OpaquePointer?) -> RdKafkaCallbacks? {
        guard let handle, let opaque = rd_kafka_opaque(handle) else { return nil }
        return Unmanaged<RdKafkaCallbacks>.fromOpaque(opaque).takeUnretainedValue()
    }

    /// librdkafka logs (syslog levels) into swift-log. Called on librdkafka's threads; Logger
    /// is thread safe.
    static let logCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
        handle,
        level,
        facility,
        text in
        guard let callbacks = from(handle), let text else { return }
        let swiftLevel: Logger.Level =
            switch level {
            case ...3: .error
            case 4: .warning
            case 5: .notice
            case 6: .info
            default: .debug
            }
        callbacks.logger.log(
            level: swiftLevel,
            "\(String(cString: text))",
            metadata: ["kafka.facility": .string(facility.map { String(cString: $0) } ?? "")]
        )
    }

    static let rebalanceCallback:
        @convention(c) (
            OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
            UnsafeMutableRawPointer?
        ) -> Void = { handle, error, partitions, _ in
            guard let handle, let partitions else { return }
            if let handler = from(handle)?.rebalance {
                handler(handle, error, partitions)
            } else {
                // Nobody listens (cannot happen after subscribe); keep librdkafka's default behaviour.
                if error == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS {
                    rd_kafka_error_destroy_if(rd_kafka_incremental_assign(handle, partitions))
                } else {
                    rd_kafka_error_destroy_if(rd_kafka_incremental_unassign(handle, partitions))
                }
            }
        }
}

func rd_kafka_error_destroy_if(_ error: OpaquePointer?) {
    if let error { rd_kafka_error_destroy(error) }
}
