import Foundation
import Hummingbird
import HummingbirdTesting
import InsuranceDomain
import Kafka
import Testing
@testable import Enrollment

/// Events the broker can never take answer 413 at the door, and the broker's permanent
/// refusals are never `503 Retry-After` (a client would retry them forever).
@Suite("Enrollment: event size and broker errors")
struct EventSizeAndBrokerErrorTests {
    /// A valid payment padded with an extra `data` member to about `bytes` bytes.
    static func payment(bytes: Int, personId: String = TestStack.unique("p")) -> String {
        let plain = SampleEvents.payment(personId: personId)
        let padding = String(repeating: "a", count: max(bytes - plain.utf8.count - 12, 0))
        return plain.replacingOccurrences(of: #""data":{"#, with: #""data":{"pad":"\#(padding)","#)
    }

    // MARK: The limit and its configuration

    @Test(arguments: [
        (nil, [:], EventSizeLimit.defaultLimit),
        (nil, ["message.max.bytes": "2000000"], 2_000_000 - EventSizeLimit.reservedBytes),
        (500_000, [:], 500_000),
        (998_976, [:], 998_976),
    ] as [(Int?, [String: String], Int)])
    func theLimitFollowsTheProducer(configured: Int?, properties: [String: String], expected: Int) throws {
        #expect(try EventSizeLimit.resolve(configured: configured, producerProperties: properties) == expected)
        #expect(EventSizeLimit.defaultLimit == 998_976)
    }

    @Test func aLimitAboveTheProducersIsRefusedAtStart() {
        #expect(throws: ConfigurationError.self) { try EventSizeLimit.resolve(configured: 998_977, producerProperties: [:]) }
        do {
            _ = try EventSizeLimit.resolve(configured: 20_000, producerProperties: ["message.max.bytes": "10000"])
            Issue.record("accepted a limit above message.max.bytes")
        } catch {
            #expect(error.setting == "ENROLLMENT_MAX_EVENT_BYTES")
            #expect(error.rule.contains("8976") && error.rule.contains("message.max.bytes (10000)"))
        }
        #expect(throws: ConfigurationError.self) { try EventSizeLimit.resolve(configured: nil, producerProperties: ["message.max.bytes": "x"]) }
    }

    @Test func theVariableIsRead() throws {
        #expect(try EnrollmentConfiguration(environment: [:]).maxEventBytes == nil)
        #expect(try EnrollmentConfiguration(environment: ["ENROLLMENT_MAX_EVENT_BYTES": "4096"]).maxEventBytes == 4096)
        #expect(throws: ConfigurationError.self) { try EnrollmentConfiguration(environment: ["ENROLLMENT_MAX_EVENT_BYTES": "0"]) }
    }

    // MARK: 413 at the door

    @Test("an event over the limit gets 413 naming the limit; nothing is published")
    func singleEventTooLarge() async throws {
        let publisher = RecordingPublisher()
        try await RouterHarness(publisher: publisher, limits: IntakeLimits(maxEventBytes: 4_000)).test { client in
            let fits = try await client.postEvents(Self.payment(bytes: 3_900))
            #expect(fits.status == .accepted)
            let response = try await client.postEvents(Self.payment(bytes: 5_000))
            #expect(response.status == .contentTooLarge)
            let problem = try response.problem()
            #expect(problem.type == "urn:insurance:problem:event-too-large")
            #expect(problem.detail.contains("4000 bytes"))
            #expect(problem.problems?.map(\.field) == ["(event)"])
            #expect(problem.problems?.first?.rule.contains("at most 4000 bytes") == true)
        }
        #expect(await publisher.published == 1)
    }

    @Test("each event of a batch over the limit is named; the batch is refused whole")
    func batchEventsTooLarge() async throws {
        let publisher = RecordingPublisher()
        try await RouterHarness(publisher: publisher, limits: IntakeLimits(maxEventBytes: 4_000)).test { client in
            let batch = SampleEvents.batch([Self.payment(bytes: 1_000), Self.payment(bytes: 9_000), Self.payment(bytes: 500), Self.payment(bytes: 4_500)])
            let response = try await client.postEvents(batch, contentType: "application/cloudevents-batch+json")
            #expect(response.status == .contentTooLarge)
            let problem = try response.problem()
            #expect(problem.problems?.map(\.index) == [1, 3])
            #expect(problem.problems?.map(\.field) == ["[1]", "[3]"])
        }
        #expect(await publisher.published == 0)
    }

    // MARK: Broker errors

    static let classifications: [(String, Bool, Bool, String)] = [
        ("_MSG_SIZE_TOO_LARGE", false, false, "tooLarge"), ("MSG_SIZE_TOO_LARGE", false, false, "tooLarge"),
        ("RECORD_LIST_TOO_LARGE", false, false, "tooLarge"),
        ("_UNKNOWN_TOPIC", false, false, "refused"), ("UNKNOWN_TOPIC_OR_PART", true, false, "refused"),
        ("TOPIC_AUTHORIZATION_FAILED", false, false, "refused"), ("CLUSTER_AUTHORIZATION_FAILED", false, false, "refused"),
        ("INVALID_MSG", false, false, "refused"), ("INVALID_RECORD", false, false, "refused"),
        ("_INVALID_ARG", false, false, "refused"), ("SOMETHING_NEW", false, false, "refused"), ("_FATAL", false, true, "refused"),
        ("OUT_OF_ORDER_SEQUENCE_NUMBER", true, true, "refused"),
        ("_MSG_TIMED_OUT", true, false, "timedOut"), ("_TIMED_OUT", true, false, "timedOut"),
        ("_TRANSPORT", true, false, "unavailable"), ("_ALL_BROKERS_DOWN", true, false, "unavailable"),
        ("_QUEUE_FULL", true, false, "unavailable"), ("NOT_LEADER_FOR_PARTITION", true, false, "unavailable"),
        ("_DESTROY", false, false, "unavailable"),
    ]

    @Test(arguments: classifications)
    func librdkafkaErrorsAreClassified(codeName: String, retriable: Bool, fatal: Bool, expected: String) {
        let error = KafkaError(code: -1, codeName: codeName, message: "m", isRetriable: retriable, isFatal: fatal)
        let outcome = PublishFailure.classify(error, messageTimeout: .seconds(1))
        let name: String = switch outcome {
        case .tooLarge: "tooLarge"
        case .refused: "refused"
        case .timedOut: "timedOut"
        case .unavailable: "unavailable"
        }
        #expect(name == expected, "\(codeName)")
    }

    @Test(arguments: [
        (PublishError.tooLarge(reason: "MSG_SIZE_TOO_LARGE: x"), 413, false),
        (PublishError.refused(reason: "TOPIC_AUTHORIZATION_FAILED: x"), 500, false),
        (PublishError.unavailable(reason: "_TRANSPORT: x"), 503, true),
        (PublishError.timedOut(after: .seconds(1)), 503, true),
    ])
    func onlyTransientFailuresAnswer503(error: PublishError, status: Int, retryAfter: Bool) async throws {
        try await RouterHarness(publisher: FailingPublisher(error: error)).test { client in
            let response = try await client.postEvents(SampleEvents.payment(personId: TestStack.unique("p")))
            #expect(Int(response.status.code) == status)
            #expect((response.headers[.retryAfter] != nil) == retryAfter)
            #expect(try response.problem().status == status)
        }
    }

    /// librdkafka itself: a producer whose `message.max.bytes` is below the door's limit (a
    /// misconfiguration the start-up check prevents) still gets 413, never 503.
    @Test("an event above the producer's message.max.bytes: 413 from the real producer, not 503")
    func realProducerMessageTooLarge() async throws {
        let configuration = KafkaProducerConfiguration(
            bootstrapServers: TestStack.bootstrapServers, clientID: TestStack.unique("size-test"), lingerMilliseconds: 1,
            messageTimeoutMilliseconds: 5_000, properties: ["message.max.bytes": "2000"])
        let producer = try KafkaProducer(configuration: configuration, logger: TestStack.logger)
        defer { producer.triggerGracefulShutdown() }
        let publisher = KafkaEventPublisher(producer: producer, messageTimeout: .seconds(5))
        try await RouterHarness(publisher: publisher, limits: IntakeLimits(maxEventBytes: 100_000)).test { client in
            let response = try await client.postEvents(Self.payment(bytes: 3_000))
            #expect(response.status == .contentTooLarge)
            #expect(response.headers[.retryAfter] == nil)
            #expect(try response.problem().detail.contains("MSG_SIZE_TOO_LARGE"))
        }
    }
}

/// Counts published events; never fails.
actor RecordingPublisher: EventPublisher {
    private(set) var published = 0
    func publish(_ events: [OutgoingEvent]) async throws { published += events.count }
    func isReady() async -> Bool { true }
}

/// Fails every publish with the given error.
struct FailingPublisher: EventPublisher {
    let error: PublishError
    func publish(_ events: [OutgoingEvent]) async throws { throw error }
    func isReady() async -> Bool { true }
}
