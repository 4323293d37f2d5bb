/// The consumer's messages in batches of up to `maxCount`, each gathered within `maxWait`
/// (never empty). Only one reader (of `messages` or `batches`) at a time.
public struct KafkaConsumerBatches: AsyncSequence, Sendable {
    public typealias Element = [KafkaConsumerMessage]
    let channel: MessageChannel
    let maxCount: Int
    let maxWait: Duration

    public func makeAsyncIterator() -> AsyncIterator {
        channel.setTake(count: maxCount, wait: maxWait)
        return AsyncIterator(channel: channel)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let channel: MessageChannel

        public mutating func next() async -> [KafkaConsumerMessage]? {
            await channel.next()
        }
    }
}
