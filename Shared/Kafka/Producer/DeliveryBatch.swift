import CRdKafka
import Synchronization

/// The per-message opaque librdkafka hands back in the delivery report: which batch and
/// which message of it.
struct DeliverySlot {
    let batch: Unmanaged<DeliveryBatch>
    let index: Int
}

/// Collects the delivery reports of one `send` call and resumes its caller once, when the
/// last message is acknowledged or failed.
///
/// `@unchecked Sendable`: `slots` is written once before any message is enqueued and only
/// read afterwards (by librdkafka's delivery callback); the mutable state is in a Mutex.
final class DeliveryBatch: @unchecked Sendable {
    private struct State {
        var results: [Result<KafkaDeliveryReport, KafkaError>?]
        var remaining: Int
        var continuation: CheckedContinuation<[Result<KafkaDeliveryReport, KafkaError>], Never>?
        var succeeded = 0
    }

    let messages: [KafkaOutgoingMessage]
    let slots: UnsafeMutablePointer<DeliverySlot>
    private let state: Mutex<State>
    private let onComplete: @Sendable (_ succeeded: Int, _ failed: Int) -> Void

    init(messages: [KafkaOutgoingMessage], onComplete: @escaping @Sendable (Int, Int) -> Void) {
        self.messages = messages
        self.onComplete = onComplete
        self.state = Mutex(State(results: Array(repeating: nil, count: messages.count), remaining: messages.count))
        self.slots = .allocate(capacity: messages.count)
        let unmanaged = Unmanaged.passUnretained(self)
        for index in messages.indices {
            (slots + index).initialize(to: DeliverySlot(batch: unmanaged, index: index))
        }
    }

    deinit {
        slots.deinitialize(count: messages.count)
        slots.deallocate()
    }

    /// Records the outcome of one message; the last one resumes the waiter.
    func complete(_ index: Int, _ result: Result<KafkaDeliveryReport, KafkaError>) {
        let finished: (CheckedContinuation<[Result<KafkaDeliveryReport, KafkaError>], Never>?, [Result<KafkaDeliveryReport, KafkaError>], Int)? =
            state.withLock { state in
                state.results[index] = result
                if case .success = result { state.succeeded += 1 }
                state.remaining -= 1
                guard state.remaining == 0 else { return nil }
                defer { state.continuation = nil }
                return (state.continuation, state.results.map { $0! }, state.succeeded)
            }
        guard let (continuation, results, succeeded) = finished else { return }
        onComplete(succeeded, results.count - succeeded)
        if let continuation {
            continuation.resume(returning: results)
        }
    }

    /// Waits for all outcomes (returns at once if they are all in).
    func results() async -> [Result<KafkaDeliveryReport, KafkaError>] {
        await withCheckedContinuation { continuation in
            let done: [Result<KafkaDeliveryReport, KafkaError>]? = state.withLock { state in
                if state.remaining == 0 { return state.results.map { $0! } }
                state.continuation = continuation
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }

    /// librdkafka's delivery-report callback (`dr_msg_cb`), called on the producer's poll thread.
    static let deliveryCallback: @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
        _,
        message,
        _ in
        guard let message, let opaque = message.pointee._private else { return }
        let slot = opaque.assumingMemoryBound(to: DeliverySlot.self).pointee
        let batch = slot.batch.takeUnretainedValue()
        let error = message.pointee.err
        if error == RD_KAFKA_RESP_ERR_NO_ERROR {
            batch.complete(
                slot.index,
                .success(
                    KafkaDeliveryReport(topic: batch.messages[slot.index].topic, partition: message.pointee.partition, offset: message.pointee.offset)
                )
            )
        } else {
            batch.complete(slot.index, .failure(KafkaError(error)))
        }
        // Balances the retain taken when this message was enqueued.
        slot.batch.release()
    }
}

/// The broker acknowledged a message: where it was written.
public struct KafkaDeliveryReport: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64

    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}
