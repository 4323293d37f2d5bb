import Kafka
import MessageTracing
import Testing

@Suite("Trace context in Kafka headers")
struct KafkaHeaderCarrierTests {
    @Test("the injector replaces a header of the same name and keeps the others")
    func injectReplaces() {
        var headers = [
            KafkaHeader(key: "content-type", value: "application/cloudevents+json"),
            KafkaHeader(key: "traceparent", value: "old"),
            KafkaHeader(key: "traceparent", value: "older"),
        ]
        KafkaHeadersInjector().inject("new", forKey: "traceparent", into: &headers)
        #expect(
            headers == [
                KafkaHeader(key: "content-type", value: "application/cloudevents+json"),
                KafkaHeader(key: "traceparent", value: "new"),
            ]
        )
    }

    /// (headers, what the extractor reads for `traceparent`)
    static let reads: [([KafkaHeader], String?)] = [
        ([], nil),
        ([KafkaHeader(key: "traceparent", value: "a")], "a"),
        ([KafkaHeader(key: "traceparent", value: "a"), KafkaHeader(key: "traceparent", value: "b")], "b"),  // last wins
        ([KafkaHeader(key: "Traceparent", value: "a")], nil),  // Kafka header keys are case-sensitive
        ([KafkaHeader(key: "ce_traceparent", value: "a")], nil),  // the CloudEvents attribute, not the transport context
        ([KafkaHeader(key: "traceparent", value: nil)], nil),
        ([KafkaHeader(key: "traceparent", value: [0xff, 0xfe])], nil),  // not UTF-8
    ]

    @Test("the extractor reads the last exact key, as UTF-8", arguments: reads)
    func extract(headers: [KafkaHeader], expected: String?) {
        #expect(KafkaHeadersExtractor().extract(key: "traceparent", from: headers) == expected)
    }
}
