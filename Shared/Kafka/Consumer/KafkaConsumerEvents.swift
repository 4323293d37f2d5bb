/// The consumer's assignment changes. Asking for the next event marks the previous one as
/// handled (see `KafkaConsumerEvent`). Only one iterator may be made.
public struct KafkaConsumerEvents: AsyncSequence, Sendable {
    public typealias Element = KafkaConsumerEvent
    let events: RebalanceEvents

    public func makeAsyncIterator() -> AsyncIterator {
        events.iteratorStarted()
        return AsyncIterator(lifetime: IteratorLifetime(events: events), base: events.stream.makeAsyncIterator())
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let lifetime: IteratorLifetime
        var base: AsyncStream<RebalanceEvents.Element>.AsyncIterator
        var previous: Int?

        public mutating func next() async -> KafkaConsumerEvent? {
            if let previous { lifetime.events.markHandled(upTo: previous) }
            guard let element = await base.next() else { return nil }
            previous = element.sequence
            return element.event
        }
    }

    /// Tells the consumer when the iterator is gone, so it stops waiting for acknowledgements.
    final class IteratorLifetime: Sendable {
        let events: RebalanceEvents
        init(events: RebalanceEvents) { self.events = events }
        deinit { events.iteratorEnded() }
    }
}
