import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Enrollment

@Suite("Health, readiness, metrics")
struct OperationsRouterTests {
    @Test("health and readiness answer 200 with a reachable broker")
    func healthAndReady() async throws {
        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher).test { client in
                let health = try await client.execute(uri: "/health", method: .get) { $0 }
                #expect(health.status == .ok)
                let ready = try await client.execute(uri: "/ready", method: .get) { $0 }
                #expect(ready.status == .ok)
                #expect(ready.text.contains("ready"))
            }
        }
    }

    @Test("metrics count requests by status, published events by type, and publish latency")
    func metrics() async throws {
        try await TestStack.withPublisher { publisher in
            try await RouterHarness(publisher: publisher).test { client in
                let person = TestStack.unique("p")
                let body = SampleEvents.batch([SampleEvents.payment(personId: person), SampleEvents.facilityBinding(personId: person)])
                let accepted = try await client.postEvents(body, contentType: "application/cloudevents-batch+json")
                let malformed = try await client.postEvents("{", contentType: "application/json")
                #expect(accepted.status == .accepted)
                #expect(malformed.status == .badRequest)
                let response = try await client.execute(uri: "/metrics", method: .get) { $0 }
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let text = response.text
                #expect(text.contains(#"enrollment_http_requests_total{status="202"} 1"#))
                #expect(text.contains(#"enrollment_http_requests_total{status="400"} 1"#))
                #expect(text.contains(#"enrollment_events_published_total{type="insurance.contribution.paid.v1"} 1"#))
                #expect(text.contains(#"enrollment_events_published_total{type="insurance.binding.facility.v1"} 1"#))
                #expect(text.contains(#"enrollment_publish_duration_seconds_count{outcome="acknowledged"} 1"#))
            }
        }
    }
}
