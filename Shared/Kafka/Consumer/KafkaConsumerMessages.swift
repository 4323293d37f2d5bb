/// The consumer's messages one by one. Only one reader (of `messages` or `batches`) at a time.
public struct KafkaConsumerMessages: AsyncSequence, Sendable {
    public typealias Element = KafkaConsumerMessage
    let channel: MessageChannel
    let takeCount: Int
    let takeWait: Duration

    public func makeAsyncIterator() -> AsyncIterator {
        channel.setTake(count: takeCount, wait: takeWait)
        return AsyncIterator(channel: channel)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let channel: MessageChannel
        var chunk: [KafkaConsumerMessage] = []
        var index = 0

        public mutating func next() async -> KafkaConsumerMessage? {
            while index == chunk.count {
                guard let next = await channel.next() else { return nil }
                chunk = next
                index = 0
            }
            defer { index += 1 }
            return chunk[index]
        }
    }
}
