import Foundation

/// Hands chunks of messages from the consumer's poll thread to the one async reader, holding
/// at most `capacity` chunks so the poll thread only fetches what the reader will take.
///
/// `@unchecked Sendable`: every stored property is read and written under `condition`'s lock.
final class MessageChannel: @unchecked Sendable {
    private let condition = NSCondition()
    private var chunks: [[KafkaConsumerMessage]] = []
    private var reader: CheckedContinuation<[KafkaConsumerMessage]?, Never>?
    private var finished = false
    private var takeCount: Int
    private var takeWaitMilliseconds: Int32
    private let capacity = 1
    private var shouldStop: @Sendable () -> Bool = { false }

    /// Set once, right after the poll thread exists, before it can wait.
    func setStopCheck(_ check: @escaping @Sendable () -> Bool) {
        condition.lock()
        shouldStop = check
        condition.unlock()
    }

    init(takeCount: Int, takeWait: Duration) {
        self.takeCount = takeCount
        self.takeWaitMilliseconds = Int32(clamping: max(1, takeWait.milliseconds))
    }

    /// How the poll thread should take from librdkafka: up to `count` messages within `wait`.
    func setTake(count: Int, wait: Duration) {
        condition.lock()
        takeCount = max(1, count)
        takeWaitMilliseconds = Int32(clamping: max(1, wait.milliseconds))
        condition.unlock()
    }

    var take: (count: Int, waitMilliseconds: Int32) {
        condition.lock()
        defer { condition.unlock() }
        return (takeCount, takeWaitMilliseconds)
    }

    /// Poll thread: blocks until the reader has room or `shouldStop()`; false when it should stop.
    func waitForRoom() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count >= capacity && !finished {
            if shouldStop() { return false }
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05))
        }
        return !finished && !shouldStop()
    }

    func push(_ chunk: [KafkaConsumerMessage]) {
        condition.lock()
        if let reader {
            self.reader = nil
            condition.unlock()
            reader.resume(returning: chunk)
        } else {
            chunks.append(chunk)
            condition.unlock()
        }
    }

    /// Drops buffered messages of partitions the consumer no longer owns.
    func removeMessages(of partitions: Set<KafkaTopicPartition>) {
        condition.lock()
        chunks = chunks.map { $0.filter { !partitions.contains($0.topicPartition) } }.filter { !$0.isEmpty }
        condition.broadcast()
        condition.unlock()
    }

    /// No more chunks: the reader gets what is buffered, then `nil`.
    func finish() {
        condition.lock()
        finished = true
        let reader = chunks.isEmpty ? self.reader : nil
        if reader != nil { self.reader = nil }
        condition.broadcast()
        condition.unlock()
        reader?.resume(returning: nil)
    }

    /// The reader's next chunk, `nil` once finished (or the reading task is cancelled).
    func next() async -> [KafkaConsumerMessage]? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                condition.lock()
                if !chunks.isEmpty {
                    let chunk = chunks.removeFirst()
                    condition.broadcast()
                    condition.unlock()
                    continuation.resume(returning: chunk)
                } else if finished || Task.isCancelled {
                    condition.unlock()
                    continuation.resume(returning: nil)
                } else {
                    reader = continuation
                    condition.unlock()
                }
            }
        } onCancel: {
            condition.lock()
            let reader = self.reader
            self.reader = nil
            condition.unlock()
            reader?.resume(returning: nil)
        }
    }
}
