import AsyncHTTPClient
import NIOHTTP1

/// Posts events to the enrollment service's `POST /v1/events` in the three HTTP modes,
/// retrying what it answers 503 to (the broker was slow), as a real client would.
struct EnrollmentSender: Sendable {
    let http: SmokeHTTP
    let settings: SmokeSettings
    private static let attempts = 10

    private var url: String { settings.enrollmentURL + "/v1/events" }

    /// Structured mode: one CloudEvent as `application/cloudevents+json`.
    func structured(_ json: String) async throws(SmokeFailure) -> HTTPAnswer {
        try await post(headers: [(name: "Content-Type", value: "application/cloudevents+json")], body: Array(json.utf8))
    }

    /// Batched mode: a JSON array as `application/cloudevents-batch+json`.
    func batch(_ events: [String]) async throws(SmokeFailure) -> HTTPAnswer {
        let body = "[" + events.joined(separator: ",") + "]"
        return try await post(headers: [(name: "Content-Type", value: "application/cloudevents-batch+json")], body: Array(body.utf8))
    }

    /// Binary mode: attributes in `ce-` headers, the data as the body.
    func binary(_ message: BinaryModeMessage) async throws(SmokeFailure) -> HTTPAnswer {
        try await post(headers: message.headers, body: message.body)
    }

    private func post(headers: [(name: String, value: String)], body: [UInt8]) async throws(SmokeFailure) -> HTTPAnswer {
        var answer = HTTPAnswer(status: 0, body: "")
        for attempt in 1...Self.attempts {
            answer = try await http.send(
                .POST,
                url,
                service: "enrollment service",
                token: settings.enrollmentToken,
                headers: headers,
                body: body
            )
            guard answer.status == 503, attempt < Self.attempts else { return answer }
            try? await Task.sleep(for: .seconds(1))
        }
        return answer
    }
}
