import CRdKafka
import Dispatch
import Foundation
import Logging

/// Owns one `rd_kafka_t` and the context its callbacks use.
///
/// `@unchecked Sendable`: the only stored state is the handle, immutable after init, and
/// librdkafka documents `rd_kafka_t` as thread safe; the callbacks object is Sendable.
final class RdKafkaClient: @unchecked Sendable {
    let handle: OpaquePointer
    let callbacks: RdKafkaCallbacks
    /// Blocking librdkafka calls (commit, seek, metadata) run here, off Swift's cooperative pool.
    private let blockingQueue: DispatchQueue

    enum Kind { case producer, consumer }

    init(
        kind: Kind,
        properties: [String: String],
        logger: Logger,
        configure: (OpaquePointer) -> Void = { _ in }
    ) throws(KafkaError) {
        let conf = rd_kafka_conf_new()!
        var errorText = [CChar](repeating: 0, count: 512)
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
            if rd_kafka_conf_set(conf, name, value, &errorText, errorText.count) != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                throw KafkaError.configuration(property: name, reason: string(fromErrorBuffer: errorText))
            }
        }
        let callbacks = RdKafkaCallbacks(logger: logger)
        let opaque = Unmanaged.passRetained(callbacks)
        rd_kafka_conf_set_opaque(conf, opaque.toOpaque())
        rd_kafka_conf_set_log_cb(conf, RdKafkaCallbacks.logCallback)
        configure(conf)
        // On success rd_kafka_new owns conf; on failure it is still ours.
        guard let handle = rd_kafka_new(kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER, conf, &errorText, errorText.count)
        else {
            rd_kafka_conf_destroy(conf)
            opaque.release()
            throw KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG, message: string(fromErrorBuffer: errorText))
        }
        self.handle = handle
        self.callbacks = callbacks
        self.blockingQueue = DispatchQueue(label: "kafka.client.blocking")
    }

    deinit {
        rd_kafka_destroy(handle)
        Unmanaged.passUnretained(callbacks).release()
    }

    /// Runs a blocking librdkafka call on this client's own queue and awaits it.
    func blocking<Result: Sendable>(_ work: @escaping @Sendable (OpaquePointer) -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            blockingQueue.async { continuation.resume(returning: work(self.handle)) }
        }
    }

    /// A metadata request: true when a broker answered within the timeout.
    func isBrokerReachable(timeout: Duration) async -> Bool {
        let milliseconds = Int32(clamping: timeout.milliseconds)
        return await blocking { handle in
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let error = rd_kafka_metadata(handle, 0, nil, &metadata, milliseconds)
            if let metadata { rd_kafka_metadata_destroy(metadata) }
            return error == RD_KAFKA_RESP_ERR_NO_ERROR
        }
    }

    /// The fatal error, if the client has raised one.
    var fatalError: KafkaError? {
        var text = [CChar](repeating: 0, count: 512)
        let code = rd_kafka_fatal_error(handle, &text, text.count)
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        let error = KafkaError(code, message: string(fromErrorBuffer: text))
        return KafkaError(code: error.code, message: error.message, isRetriable: false, isFatal: true)
    }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

/// The text librdkafka wrote into an error buffer.
func string(fromErrorBuffer buffer: [CChar]) -> String {
    buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}

/// A dedicated OS thread that runs a client's blocking poll loop, so librdkafka's blocking
/// calls never occupy Swift's cooperative pool.
final class PollThread: Sendable {
    private let stopRequested = Locked(false)
    /// Given once `finish` has run.
    private let finished = ShutdownSignal()

    /// Starts the thread: `iteration` runs until `requestStop()`, then `finish` runs once.
    init(name: String, iteration: @escaping @Sendable () -> Void, finish: @escaping @Sendable () -> Void) {
        let thread = Thread { [stopRequested, finished] in
            while !stopRequested.withLock({ $0 }) { iteration() }
            finish()
            finished.trigger()
        }
        thread.name = name
        thread.start()
    }

    var isStopRequested: Bool { stopRequested.withLock { $0 } }

    func requestStop() { stopRequested.withLock { $0 = true } }

    /// Returns when the thread has run `finish`.
    func waitUntilFinished() async {
        await finished.wait()
    }
}

/// The librdkafka linked at run time.
public enum Librdkafka {
    /// librdkafka's own version string, for example `2.8.0`.
    public static var version: String { String(cString: rd_kafka_version_str()) }
}
