import Kafka
import Testing

/// The one classification of failed deliveries (`KafkaError.deliveryVerdict`) that both
/// services use: the enrollment service's HTTP answers and the benefits service's dead letters.
@Suite("Delivery verdicts")
struct DeliveryVerdictTests {
    /// (code, librdkafka's retriable flag, fatal flag, verdict).
    static let table: [(KafkaError.Code, Bool, Bool, KafkaError.DeliveryVerdict)] = [
        (.messageTimedOut, true, false, .timedOut),
        (.timedOut, true, false, .timedOut),
        (.messageSizeTooLarge, false, false, .tooLarge),
        (.recordListTooLarge, false, false, .tooLarge),
        (.invalidMessageSize, false, false, .tooLarge),
        // librdkafka calls these retriable (a topic may be being created); after a failed delivery they are not.
        (.unknownTopicOrPartition, true, false, .permanent),
        (.unknownPartition, true, false, .permanent),
        (.unknownTopic, true, false, .permanent),
        (.topicAuthorizationFailed, false, false, .permanent),
        (.invalidRecord, false, false, .permanent),
        (.policyViolation, false, false, .permanent),
        (.fatal, false, true, .permanent),
        // A fatal client whatever the code.
        (.transport, true, true, .permanent),
        (.transport, true, false, .transient),
        (.allBrokersDown, true, false, .transient),
        (.notLeaderForPartition, true, false, .transient),
        (.queueFull, true, false, .transient),
        // Shutdown and cancellation: another attempt may deliver it.
        (.destroy, false, false, .transient),
        (.interrupted, false, false, .transient),
        // A code nobody named and librdkafka does not call retriable: refused, never retried forever.
        (KafkaError.Code(rawValue: 9_999), false, false, .permanent),
        (KafkaError.Code(rawValue: 9_999), true, false, .transient),
    ]

    @Test("each failed delivery gets the verdict of the table", arguments: table)
    func verdicts(code: KafkaError.Code, retriable: Bool, fatal: Bool, verdict: KafkaError.DeliveryVerdict) {
        let error = KafkaError(code: code, message: "m", isRetriable: retriable, isFatal: fatal)
        #expect(error.deliveryVerdict == verdict, "\(error)")
    }

    @Test("the layer's own errors: a shut-down client and a cancelled wait are transient")
    func layerErrors() {
        let cancelled = KafkaError(code: .interrupted, message: "m", isRetriable: true, isFatal: false)
        #expect(cancelled.deliveryVerdict == .transient)
        #expect(KafkaError(code: .destroy, message: "m", isRetriable: false, isFatal: false).deliveryVerdict == .transient)
    }
}
