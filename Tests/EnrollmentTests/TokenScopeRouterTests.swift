import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Enrollment

/// Tokens are scoped by `source` prefix and by event type (issue 13): a school's token may
/// register its own pupils and nothing else, whatever else the request holds.
@Suite("Token scopes on POST /v1/events")
struct TokenScopeRouterTests {
    @Test("a school's token cannot reverse a payment: 403 naming the field type, nothing published")
    func schoolCannotReverse() async throws {
        try await TestStack.withPublisher { real in
            let publisher = CountingPublisher(real)
            try await RouterHarness(publisher: publisher).test { client in
                let response = try await client.postEvents(SampleEvents.reversal(personId: TestStack.unique("p")), token: "school-token")
                #expect(response.status == .forbidden)
                let problem = try response.problem()
                #expect(problem.type == "urn:insurance:problem:forbidden-scope")
                #expect(problem.problems?.map(\.field) == ["type"])
                #expect(
                    problem.problems?.first?.rule.contains(
                        "type 'insurance.contribution.reversed.v1' is not among the event types allowed for token 'school-42'"
                    ) == true
                )
            }
            #expect(publisher.published == 0)
        }
    }

    @Test("a single event from another source: 403 naming the field source")
    func otherSource() async throws {
        try await TestStack.withPublisher { real in
            let publisher = CountingPublisher(real)
            try await RouterHarness(publisher: publisher).test { client in
                let event = SampleEvents.registration(personId: TestStack.unique("p"), source: "/schools/43")
                let response = try await client.postEvents(event, token: "school-token")
                #expect(response.status == .forbidden)
                let problem = try response.problem()
                #expect(problem.problems?.map(\.field) == ["source"])
                #expect(problem.problems?.first?.index == nil)
            }
            #expect(publisher.published == 0)
        }
    }

    @Test("both source and type outside the scope: both fields are named")
    func bothOutside() async throws {
        try await TestStack.withPublisher { real in
            try await RouterHarness(publisher: CountingPublisher(real)).test { client in
                let response = try await client.postEvents(SampleEvents.payment(personId: TestStack.unique("p")), token: "school-token")
                #expect(response.status == .forbidden)
                #expect(try response.problem().problems?.map(\.field) == ["source", "type"])
            }
        }
    }

    @Test("a batch with one out-of-scope event is refused whole: 403 for [i].type, nothing published")
    func batchAllOrNothing() async throws {
        try await TestStack.withPublisher { real in
            let publisher = CountingPublisher(real)
            let harness = RouterHarness(publisher: publisher)
            try await harness.test { client in
                let person = TestStack.unique("p")
                let body = SampleEvents.batch([
                    SampleEvents.registration(personId: person),
                    SampleEvents.registration(personId: person + "b"),
                    SampleEvents.reversal(personId: person),
                ])
                let response = try await client.postEvents(body, token: "school-token", contentType: "application/cloudevents-batch+json")
                #expect(response.status == .forbidden)
                let problem = try response.problem()
                #expect(problem.problems?.map(\.field) == ["[2].type"])
                #expect(problem.problems?.first?.index == 2)
                #expect(problem.detail.contains("nothing was published"))
            }
            #expect(publisher.published == 0)
            let metrics = String(decoding: harness.api.metrics.render(), as: UTF8.self)
            #expect(!metrics.contains("enrollment_events_published_total"))
        }
    }

    @Test("the same batch within the scope is published: the scope, not the events, made the refusal")
    func batchWithinScope() async throws {
        try await TestStack.withPublisher { real in
            let publisher = CountingPublisher(real)
            try await RouterHarness(publisher: publisher).test { client in
                let person = TestStack.unique("p")
                let body = SampleEvents.batch([
                    SampleEvents.registration(personId: person),
                    SampleEvents.registration(personId: person + "b"),
                ])
                let response = try await client.postEvents(body, token: "school-token", contentType: "application/cloudevents-batch+json")
                #expect(response.status == .accepted)
            }
            #expect(publisher.published == 2)
        }
    }

    @Test("a token sent with another scheme than Bearer is not accepted: 401")
    func otherScheme() async throws {
        try await TestStack.withPublisher { real in
            try await RouterHarness(publisher: CountingPublisher(real)).test { client in
                let response = try await client.execute(
                    uri: "/v1/events",
                    method: .post,
                    headers: [.contentType: "application/cloudevents+json", .authorization: "Basic all-token"],
                    body: ByteBuffer(string: SampleEvents.payment(personId: "P1"))
                ) { $0 }
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="enrollment""#)
            }
        }
    }
}
