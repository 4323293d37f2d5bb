import Kafka

/// What a failed publish means for the HTTP answer: retry later (503), too large (413), or
/// refused for good (500). The classification itself is the Kafka layer's, shared with the
/// benefits service's dead letters (`KafkaError.deliveryVerdict`).
enum PublishFailure {
    static func classify(_ error: KafkaError, messageTimeout: Duration) -> PublishError {
        let reason = "\(error.codeName): \(error.message)"
        switch error.deliveryVerdict {
        case .timedOut: return .timedOut(after: messageTimeout)
        case .tooLarge: return .tooLarge(reason: reason)
        case .permanent: return .refused(reason: reason)
        case .transient: return .unavailable(reason: reason)
        }
    }
}
