/// The consumer queue handle, used only on the poll thread.
///
/// `@unchecked Sendable`: librdkafka queues are thread safe, and this one is destroyed once,
/// by the poll thread's finish step.
final class QueueHandle: @unchecked Sendable {
    let queue: OpaquePointer
    init(_ queue: OpaquePointer) { self.queue = queue }
}
