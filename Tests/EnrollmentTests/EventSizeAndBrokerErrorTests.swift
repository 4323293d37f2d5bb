import Foundation
import Hummingbird
import HummingbirdTesting
import InsuranceDomain
import Kafka
import Settings
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

    @Test(
        arguments: [
            (nil, [:], EventSizeLimit.defaultLimit),
            (nil, ["message.max.bytes": "2000000"], 2_000_000 - EventSizeLimit.reservedBytes),
            (500_000, [:], 500_000),
            (998_976, [:], 998_976),
        ] as [(Int?, [String: String], Int)]
    )
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
            #expect(error.variable == "ENROLLMENT_MAX_EVENT_BYTES")
            #expect(error.rule.contains("8976") && error.rule.contains("message.max.bytes (10000)"))
        }
        #expect(throws: ConfigurationError.self) { try EventSizeLimit.resolve(configured: nil, producerProperties: ["message.max.bytes": "x"]) }
    }

    @Test func theVariableIsRead() throws {
        #expect(try EnrollmentConfiguration.fromEnvironment([:]).maxEventBytes == nil)
        #expect(try EnrollmentConfiguration.fromEnvironment(["ENROLLMENT_MAX_EVENT_BYTES": "4096"]).maxEventBytes == 4096)
        #expect(throws: ConfigurationError.self) { try EnrollmentConfiguration.fromEnvironment(["ENROLLMENT_MAX_EVENT_BYTES": "0"]) }
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
            let batch = SampleEvents.batch([
                Self.payment(bytes: 1_000), Self.payment(bytes: 9_000), Self.payment(bytes: 500), Self.payment(bytes: 4_500),
            ])
            let response = try await client.postEvents(batch, contentType: "application/cloudevents-batch+json")
            #expect(response.status == .contentTooLarge)
            let problem = try response.problem()
            #expect(problem.problems?.map(\.index) == [1, 3])
            #expect(problem.problems?.map(\.field) == ["[1]", "[3]"])
        }
        #expect(await publisher.published == 0)
    }

    // MARK: Broker errors

    static let classifications: [(KafkaError.Code, Bool, Bool, String)] = [
        (.messageSizeTooLarge, false, false, "tooLarge"), (.recordListTooLarge, false, false, "tooLarge"),
        (.invalidMessageSize, false, false, "tooLarge"),
        (.unknownTopic, false, false, "refused"), (.unknownTopicOrPartition, true, false, "refused"),
        (.topicAuthorizationFailed, false, false, "refused"), (.clusterAuthorizationFailed, false, false, "refused"),
        (.invalidMessage, false, false, "refused"), (.invalidRecord, false, false, "refused"), (.topicException, false, false, "refused"),
        (.invalidArgument, false, false, "refused"), (KafkaError.Code(rawValue: 9_999), false, false, "refused"), (.fatal, false, true, "refused"),
        (.outOfOrderSequenceNumber, true, true, "refused"),
        (.messageTimedOut, true, false, "timedOut"), (.timedOut, true, false, "timedOut"),
        (.transport, true, false, "unavailable"), (.allBrokersDown, true, false, "unavailable"),
        (.queueFull, true, false, "unavailable"), (.notLeaderForPartition, true, false, "unavailable"),
        (.destroy, false, false, "unavailable"), (.interrupted, false, false, "unavailable"),
    ]

    @Test(arguments: classifications)
    func librdkafkaErrorsAreClassified(code: KafkaError.Code, retriable: Bool, fatal: Bool, expected: String) {
        let error = KafkaError(code: code, message: "m", isRetriable: retriable, isFatal: fatal)
        let outcome = PublishFailure.classify(error, messageTimeout: .seconds(1))
        let name: String =
            switch outcome {
            case .tooLarge: "tooLarge"
            case .refused: "refused"
            case .timedOut: "timedOut"
            case .unavailable: "unavailable"
            }
        #expect(name == expected, "\(code)")
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
            bootstrapServers: TestStack.bootstrapServers,
            clientID: TestStack.unique("size-test"),
            linger: .milliseconds(1),
            messageTimeout: .milliseconds(5_000),
            properties: ["message.max.bytes": "2000"]
        )
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
