import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Enrollment

/// Every answer of `POST /v1/events`, through the router, publishing to the local broker.
@Suite("POST /v1/events through the router")
struct EventIntakeRouterTests {
    @Test("one valid event is acknowledged by the broker: 202")
    func singleAccepted() async throws {
        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher).test { client in
                let response = try await client.postEvents(SampleEvents.payment(personId: TestStack.unique("p")))
                #expect(response.status == .accepted)
                #expect(response.text == #"{"accepted":1}"#)
            }
        }
    }

    @Test("application/json is accepted as one event too")
    func plainJSONAccepted() async throws {
        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher).test { client in
                let response = try await client.postEvents(
                    SampleEvents.registration(personId: TestStack.unique("p")),
                    token: "school-token",
                    contentType: "application/json; charset=utf-8"
                )
                #expect(response.status == .accepted)
            }
        }
    }

    @Test("a batch of three streams is acknowledged as a whole: 202")
    func batchAccepted() async throws {
        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher).test { client in
                let person = TestStack.unique("p")
                let body = SampleEvents.batch([
                    SampleEvents.registration(personId: person),
                    SampleEvents.payment(personId: person),
                    SampleEvents.facilityBinding(personId: person),
                ])
                let response = try await client.postEvents(body, contentType: "application/cloudevents-batch+json")
                #expect(response.status == .accepted)
                #expect(response.text == #"{"accepted":3}"#)
            }
        }
    }

    @Test("malformed JSON: 400 with the byte offset")
    func malformed() async throws {
        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher).test { client in
                let response = try await client.postEvents(#"{"specversion":"1.0","#)
                #expect(response.status == .badRequest)
                let problem = try response.problem()
                #expect(problem.status == 400)
                #expect(problem.detail.contains("unexpected end of input"))
            }
        }
    }

    @Test("an array sent as a single event: 400 pointing to the batch content type")
    func arrayAsSingle() async throws {
        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher).test { client in
                let response = try await client.postEvents("[]")
                #expect(response.status == .badRequest)
                #expect(try response.problem().detail.contains("application/cloudevents-batch+json"))
            }
        }
    }

    @Test("no token or an unknown token: 401 with a Bearer challenge", arguments: [nil, "guessed"] as [String?])
    func unauthenticated(token: String?) async throws {
        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher).test { client in
                let response = try await client.postEvents(SampleEvents.payment(personId: "P1"), token: token)
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                #expect(try response.problem().status == 401)
            }
        }
    }

    @Test("a school sending another source: 403 naming the event, nothing published")
    func forbiddenSource() async throws {
        try await TestStack.withPublisher { publisher in
            let harness = RouterHarness(publisher: publisher)
            try await harness.test { client in
                let person = TestStack.unique("p")
                let body = SampleEvents.batch([
                    SampleEvents.registration(personId: person, source: "/schools/42"),
                    SampleEvents.registration(personId: person + "b", source: "/schools/420"),
                ])
                let response = try await client.postEvents(body, token: "school-token", contentType: "application/cloudevents-batch+json")
                #expect(response.status == .forbidden)
                let problem = try response.problem()
                #expect(problem.problems?.map(\.field) == ["[1].source"])
                #expect(problem.problems?.first?.index == 1)
            }
            let metrics = String(decoding: harness.api.metrics.render(), as: UTF8.self)
            #expect(!metrics.contains("enrollment_events_published_total"))
        }
    }

    @Test("a body over ENROLLMENT_MAX_BODY_BYTES: 413")
    func bodyTooLarge() async throws {
        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher, limits: IntakeLimits(maxBodyBytes: 256)).test { client in
                let response = try await client.postEvents(SampleEvents.payment(personId: "P1") + String(repeating: " ", count: 300))
                #expect(response.status == .contentTooLarge)
                #expect(try response.problem().type == "urn:insurance:problem:body-too-large")
            }
        }
    }

    @Test("a batch over ENROLLMENT_MAX_BATCH: 413")
    func batchTooLarge() async throws {
        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher, limits: IntakeLimits(maxBatch: 2)).test { client in
                let events = (0..<3).map { SampleEvents.payment(personId: "P\($0)") }
                let response = try await client.postEvents(SampleEvents.batch(events), contentType: "application/cloudevents-batch+json")
                #expect(response.status == .contentTooLarge)
                #expect(try response.problem().type == "urn:insurance:problem:batch-too-large")
            }
        }
    }

    @Test("a batch with invalid events: 422 listing every problem by index and field, nothing published")
    func invalidBatch() async throws {
        try await TestStack.withPublisher { publisher in
            let harness = RouterHarness(publisher: publisher)
            try await harness.test { client in
                let person = TestStack.unique("p")
                let badCheck = SampleEvents.registration(personId: person).replacingOccurrences(of: "440305201307021035", with: "440305201307021036")
                let body = SampleEvents.batch([
                    SampleEvents.payment(personId: person),
                    SampleEvents.payment(personId: person, amountFen: -5),
                    badCheck,
                ])
                let response = try await client.postEvents(body, contentType: "application/cloudevents-batch+json")
                #expect(response.status == .unprocessableContent)
                let problem = try response.problem()
                let fields = problem.problems?.map(\.field) ?? []
                #expect(fields.contains("[1].data.amountFen"))
                #expect(fields.contains("[2].data.certNo"))
                #expect(!fields.contains { $0.hasPrefix("[0]") })
                #expect(Set(problem.problems?.compactMap(\.index) ?? []) == [1, 2])
                #expect(problem.detail.contains("in 2 of 3 event(s)"))
            }
            let metrics = String(decoding: harness.api.metrics.render(), as: UTF8.self)
            #expect(!metrics.contains("enrollment_events_published_total"))
        }
    }

    @Test("a single invalid event: 422 with unprefixed fields")
    func invalidSingle() async throws {
        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher).test { client in
                let response = try await client.postEvents(#"{"specversion":"1.0","id":"x","source":"/s","type":"nope"}"#)
                #expect(response.status == .unprocessableContent)
                let problem = try response.problem()
                #expect(problem.problems?.contains { $0.field == "type" && $0.index == nil } == true)
            }
        }
    }

    @Test("an unsupported content type: 415")
    func unsupportedMediaType() async throws {
        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher).test { client in
                let response = try await client.postEvents(SampleEvents.payment(personId: "P1"), contentType: "text/plain")
                #expect(response.status == .unsupportedMediaType)
            }
        }
    }

    @Test("the broker is down: 503 with Retry-After once acknowledgement timed out")
    func brokerDown() async throws {
        let port = try TestStack.closedPort()
        try await TestStack.withPublisher(bootstrapServers: "127.0.0.1:\(port)", messageTimeout: .milliseconds(1500), requireReachable: false) {
            publisher in
            try await RouterHarness(publisher: publisher, limits: IntakeLimits(retryAfterSeconds: 7)).test { client in
                let response = try await client.postEvents(SampleEvents.payment(personId: TestStack.unique("p")))
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "7")
                #expect(try response.problem().type == "urn:insurance:problem:broker-unavailable")
                let ready = try await client.execute(uri: "/ready", method: .get) { $0 }
                #expect(ready.status == .serviceUnavailable)
            }
        }
    }
}
