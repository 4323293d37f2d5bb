import Foundation

/// Publishes assignment changes and, when asked to, holds the poll thread until the caller
/// has handled each one (its iterator asked for the next event).
///
/// `@unchecked Sendable`: the counters and flags are guarded by `condition`; the stream
/// continuation is Sendable.
final class RebalanceEvents: @unchecked Sendable {
    typealias Element = (sequence: Int, event: KafkaConsumerEvent)

    let stream: AsyncStream<Element>
    private let continuation: AsyncStream<Element>.Continuation
    private let condition = NSCondition()
    private var emitted = 0
    private var handled = 0
    private var iteratorCreated = false
    private var iteratorAlive = false
    private let waitsForHandling: Bool

    init(waitsForHandling: Bool) {
        self.waitsForHandling = waitsForHandling
        (stream, continuation) = AsyncStream.makeStream(of: Element.self)
    }

    /// Poll thread: publish and, if configured and someone may handle it, wait up to `timeout`.
    func publish(_ event: KafkaConsumerEvent, timeout: Duration, stopping: Bool) {
        condition.lock()
        emitted += 1
        let sequence = emitted
        condition.unlock()
        continuation.yield((sequence, event))
        guard waitsForHandling else { return }
        let bound = stopping ? min(timeout, .seconds(10)) : timeout
        let deadline = Date(timeIntervalSinceNow: Double(bound.milliseconds) / 1000)
        condition.lock()
        defer { condition.unlock() }
        // Before any iterator exists the caller may still come (unless we are closing); once its
        // iterator is gone, nobody will.
        while handled < sequence && (iteratorAlive || (!iteratorCreated && !stopping)) && Date() < deadline {
            _ = condition.wait(until: min(deadline, Date(timeIntervalSinceNow: 0.05)))
        }
    }

    func iteratorStarted() {
        condition.lock()
        iteratorCreated = true
        iteratorAlive = true
        condition.unlock()
    }

    func iteratorEnded() {
        condition.lock()
        iteratorAlive = false
        condition.broadcast()
        condition.unlock()
    }

    func markHandled(upTo sequence: Int) {
        condition.lock()
        handled = max(handled, sequence)
        condition.broadcast()
        condition.unlock()
    }

    func finish() {
        continuation.finish()
    }
}
