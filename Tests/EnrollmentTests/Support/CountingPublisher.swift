import Synchronization

@testable import Enrollment

/// The real publisher, counting what it was handed: "nothing was published" is then a
/// number the test reads rather than a metric that might not be registered.
final class CountingPublisher: EventPublisher {
    let inner: any EventPublisher
    private let handed = Mutex(0)

    init(_ inner: any EventPublisher) {
        self.inner = inner
    }

    var published: Int { self.handed.withLock { $0 } }

    func publish(_ events: [OutgoingEvent]) async throws {
        self.handed.withLock { $0 += events.count }
        try await self.inner.publish(events)
    }

    func isReady() async -> Bool { await self.inner.isReady() }
}
