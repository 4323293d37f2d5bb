import Foundation
import HummingbirdTesting
import Kafka
import Testing

@testable import Enrollment

/// An accepted batch is on the broker: one message per event, on its stream's topic,
/// keyed by personId, structured mode.
@Suite("Accepted batch on the local broker", .serialized)
struct PublishedBatchIntegrationTests {
    @Test("202 means every event is on its topic with the personId key and the CloudEvents content type")
    func batchOnTopics() async throws {
        let topics = TopicNames(
            enrollments: TestStack.unique("it-enrollments"),
            contributions: TestStack.unique("it-contributions"),
            bindings: TestStack.unique("it-bindings")
        )
        for topic in [topics.enrollments, topics.contributions, topics.bindings] { try await TestTopics.create(topic) }
        let alice = TestStack.unique("alice")
        let bob = TestStack.unique("bob")
        let events = [
            SampleEvents.registration(personId: alice),
            SampleEvents.payment(personId: alice, id: "pay-\(alice)"),
            SampleEvents.facilityBinding(personId: bob),
            SampleEvents.payment(personId: bob, id: "pay-\(bob)"),
        ]
        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher, topics: topics).test { client in
                let response = try await client.postEvents(SampleEvents.batch(events), contentType: "application/cloudevents-batch+json")
                #expect(response.status == .accepted)
            }
        }

        let messages = try await TestTopics.consume(4, from: [topics.enrollments, topics.contributions, topics.bindings])
        try #require(messages.count == 4, "expected the 4 accepted events on the broker, got \(messages.count)")
        let seen = Set(
            messages.map { message in
                "\(message.topic) \(String(decoding: message.key ?? [], as: UTF8.self))"
            }
        )
        #expect(
            seen == [
                "\(topics.enrollments) \(alice)", "\(topics.contributions) \(alice)",
                "\(topics.bindings) \(bob)", "\(topics.contributions) \(bob)",
            ]
        )
        for message in messages {
            let contentType = message.headers.first { $0.key == "content-type" }?.value.map { String(decoding: $0, as: UTF8.self) }
            #expect(contentType == "application/cloudevents+json")
            let event = try #require(try JSONSerialization.jsonObject(with: Data(message.value)) as? [String: Any])
            #expect(event["subject"] as? String == String(decoding: message.key ?? [], as: UTF8.self))
            #expect(event["specversion"] as? String == "1.0")
        }
        let paymentIds = messages.filter { $0.topic == topics.contributions }
            .compactMap { (try? JSONSerialization.jsonObject(with: Data($0.value)) as? [String: Any])?["id"] as? String }
        #expect(Set(paymentIds) == ["pay-\(alice)", "pay-\(bob)"])
    }

    @Test("re-sending the same source+id is accepted again and published with the same key and id")
    func resendIsAcceptedWithSameIdentity() async throws {
        let topics = TopicNames(
            enrollments: TestStack.unique("it-enrollments"),
            contributions: TestStack.unique("it-contributions"),
            bindings: TestStack.unique("it-bindings")
        )
        try await TestTopics.create(topics.contributions)
        let person = TestStack.unique("carol")
        let event = SampleEvents.payment(personId: person, id: "pay-\(person)")
        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher, topics: topics).test { client in
                let first = try await client.postEvents(event)
                let second = try await client.postEvents(event)
                #expect(first.status == .accepted)
                #expect(second.status == .accepted)
            }
        }
        let messages = try await TestTopics.consume(2, from: [topics.contributions])
        try #require(messages.count == 2)
        #expect(Set(messages.map { $0.key ?? [] }) == [Array(person.utf8)])
        #expect(messages[0].value == messages[1].value)
    }
}
