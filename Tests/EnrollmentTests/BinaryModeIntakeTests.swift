import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Kafka
import Testing

@testable import Enrollment

/// `POST /v1/events` in CloudEvents HTTP binary mode (what most SDKs send by default):
/// published like structured mode, refused with the same problems.
@Suite("Binary content mode on POST /v1/events", .serialized)
struct BinaryModeIntakeTests {
    static func privateTopics() async throws -> TopicNames {
        let topics = TopicNames(
            enrollments: TestStack.unique("bin-enrollments"),
            contributions: TestStack.unique("bin-contributions"),
            bindings: TestStack.unique("bin-bindings")
        )
        for topic in [topics.enrollments, topics.contributions, topics.bindings] { try await TestTopics.create(topic) }
        return topics
    }

    @Test("single, with extensions, with a percent-encoded source: 202, then on the broker in structured mode")
    func acceptedAndConsumedBack() async throws {
        let topics = try await Self.privateTopics()
        let alice = TestStack.unique("alice")
        let bob = TestStack.unique("bob")
        let carol = TestStack.unique("carol")
        let plain = try BinaryModeRequest(SampleEvents.payment(personId: alice, id: "pay-\(alice)"))
        let extended = try BinaryModeRequest(
            SampleEvents.facilityBinding(personId: bob),
            replacing: ["traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "batchlabel": "rush 2024"]
        )
        // 中学 = secondary school: a source outside ASCII arrives percent-encoded.
        let encoded = try BinaryModeRequest(SampleEvents.registration(personId: carol, source: "/schools/42/中学 A"))
        #expect(encoded.headers.contains { $0 == ("ce-source", "/schools/42/%E4%B8%AD%E5%AD%A6%20A") })

        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher, topics: topics).test { client in
                for (request, token) in [(plain, "all-token"), (extended, "all-token"), (encoded, "school-token")] {
                    let response = try await client.postBinary(request, token: token)
                    #expect(response.status == .accepted, "\(response.text)")
                    #expect(response.text == #"{"accepted":1}"#)
                }
            }
        }

        let messages = try await TestTopics.consume(3, from: [topics.enrollments, topics.contributions, topics.bindings])
        try #require(messages.count == 3, "expected the 3 accepted events on the broker, got \(messages.count)")
        var byKey: [String: [String: Any]] = [:]
        for message in messages {
            let key = String(decoding: message.key ?? [], as: UTF8.self)
            let contentType = message.headers.first { $0.key == "content-type" }?.value.map { String(decoding: $0, as: UTF8.self) }
            #expect(contentType == "application/cloudevents+json")
            byKey[key] = try #require(try JSONSerialization.jsonObject(with: Data(message.value)) as? [String: Any])
        }
        #expect(Set(messages.map(\.topic)) == [topics.contributions, topics.bindings, topics.enrollments])

        let payment = try #require(byKey[alice])
        #expect(payment["specversion"] as? String == "1.0")
        #expect(payment["id"] as? String == "pay-\(alice)")
        #expect(payment["subject"] as? String == alice)
        #expect(payment["datacontenttype"] as? String == "application/json")
        #expect((payment["data"] as? [String: Any])?["amountFen"] as? Int == 43632)

        let binding = try #require(byKey[bob])
        #expect(binding["traceparent"] as? String == "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        #expect(binding["batchlabel"] as? String == "rush 2024")

        let registration = try #require(byKey[carol])
        #expect(registration["source"] as? String == "/schools/42/中学 A")
    }

    /// Each case breaks one attribute; binary mode must answer what structured mode answers.
    static let brokenAttributes: [(String, Set<String>, [String: String])] = [
        ("missing specversion", ["specversion"], [:]),
        ("wrong specversion", [], ["specversion": "0.3"]),
        ("missing id", ["id"], [:]),
        ("unknown type", [], ["type": "insurance.contribution.paid.v9"]),
        ("time without offset", [], ["time": "2024-09-15T10:00:00"]),
        ("subject not the person", [], ["subject": "someone-else"]),
        ("subject not a person number", [], ["subject": "P 1"]),
    ]

    @Test("a wrong or missing ce- attribute gets the same 422 problems as in structured mode", arguments: brokenAttributes)
    func sameProblemsAsStructured(name: String, dropped: Set<String>, replaced: [String: String]) async throws {
        let person = TestStack.unique("p")
        let sample = SampleEvents.payment(personId: person, id: "pay-\(person)")
        var structured = try #require(try JSONSerialization.jsonObject(with: Data(sample.utf8)) as? [String: Any])
        for attribute in dropped { structured.removeValue(forKey: attribute) }
        for (attribute, value) in replaced { structured[attribute] = value }
        let structuredBody = String(decoding: try JSONSerialization.data(withJSONObject: structured), as: UTF8.self)
        let binary = try BinaryModeRequest(sample, dropping: dropped, replacing: replaced)

        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher).test { client in
                let viaStructured = try await client.postEvents(structuredBody)
                let viaBinary = try await client.postBinary(binary)
                #expect(viaStructured.status == .unprocessableContent, "\(name)")
                #expect(viaBinary.status == .unprocessableContent, "\(name): \(viaBinary.text)")
                let expected = try viaStructured.problem()
                let got = try viaBinary.problem()
                #expect(got.problems == expected.problems, "\(name)")
                #expect(got.type == expected.type && got.title == expected.title && got.detail == expected.detail)
                #expect(!(got.problems ?? []).isEmpty)
            }
        }
    }

    @Test("data that breaks the contract is named as in structured mode (data.amountFen)")
    func dataProblems() async throws {
        let person = TestStack.unique("p")
        let binary = try BinaryModeRequest(SampleEvents.payment(personId: person, amountFen: -5))
        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher).test { client in
                let response = try await client.postBinary(binary)
                #expect(response.status == .unprocessableContent)
                #expect(try response.problem().problems?.map(\.field) == ["data.amountFen"])
            }
        }
    }

    static let unreadableHeaders: [(String, [(String, String)], String)] = [
        ("a stray percent", [("ce-source", "/schools/42/100%")], "source"),
        ("overlong UTF-8", [("ce-source", "/schools/%C0%A0")], "source"),
        ("datacontenttype as a header", [("ce-datacontenttype", "application/json")], "datacontenttype"),
        ("an attribute twice", [("ce-id", "second-id")], "id"),
    ]

    @Test("unreadable ce- headers: 422 naming the attribute, nothing published", arguments: unreadableHeaders)
    func unreadable(name: String, extra: [(String, String)], field: String) async throws {
        var request = try BinaryModeRequest(SampleEvents.payment(personId: TestStack.unique("p")))
        let replaced = Set(extra.map(\.0))
        if field != "id" { request.headers.removeAll { replaced.contains($0.0) } }
        request.headers += extra
        let binary = request
        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher).test { client in
                let response = try await client.postBinary(binary)
                #expect(response.status == .unprocessableContent, "\(name): \(response.text)")
                let problems = try response.problem().problems ?? []
                #expect(problems.map(\.field) == [field], "\(name): \(problems)")
            }
        }
    }

    @Test("a data media type other than JSON is refused as datacontenttype, as in structured mode")
    func nonJSONData() async throws {
        let binary = try BinaryModeRequest(SampleEvents.payment(personId: TestStack.unique("p")))
        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher).test { client in
                let response = try await client.postBinary(binary, contentType: "text/plain")
                #expect(response.status == .unprocessableContent)
                #expect(try response.problem().problems?.map(\.field) == ["datacontenttype"])
            }
        }
    }

    @Test("a type outside the token's types: 403 naming type, as in structured mode")
    func forbiddenType() async throws {
        let binary = try BinaryModeRequest(SampleEvents.reversal(personId: TestStack.unique("p"), source: "/schools/42"))
        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher).test { client in
                let response = try await client.postBinary(binary, token: "school-token")
                #expect(response.status == .forbidden)
                #expect(try response.problem().problems?.map(\.field) == ["type"])
            }
        }
    }

    @Test("a source outside the token's prefixes: 403 as in structured mode")
    func forbiddenSource() async throws {
        let binary = try BinaryModeRequest(SampleEvents.registration(personId: TestStack.unique("p"), source: "/schools/420"))
        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher).test { client in
                let response = try await client.postBinary(binary, token: "school-token")
                #expect(response.status == .forbidden)
                #expect(try response.problem().problems?.map(\.field) == ["source"])
            }
        }
    }

    @Test("ce- headers next to a CloudEvents content type leave structured mode as it was")
    func structuredModeIgnoresHeaders() async throws {
        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher).test { client in
                var headers: HTTPFields = [.authorization: "Bearer all-token", .contentType: "application/cloudevents+json"]
                headers.append(HTTPField(name: try #require(HTTPField.Name("ce-specversion")), value: "0.3"))
                let response = try await client.execute(
                    uri: "/v1/events",
                    method: .post,
                    headers: headers,
                    body: ByteBuffer(string: SampleEvents.payment(personId: TestStack.unique("p")))
                ) { $0 }
                #expect(response.status == .accepted)
            }
        }
    }
}
