@testable import Kafka

extension Locked {
    /// A copy of the value: what the tests read; the library itself always works inside `withLock`.
    var value: Value { withLock { $0 } }
}
