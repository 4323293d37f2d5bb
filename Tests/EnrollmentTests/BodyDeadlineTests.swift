import ChildProcess
import Foundation
import Hummingbird
import HummingbirdTesting
import ServiceSupport
import Settings
import Testing

@testable import Enrollment

/// `HTTP_BODY_TIMEOUT_MS`: a request body that does not arrive in time is answered 408 and its
/// connection closed, whether it trickles in or stalls. The idle timeout is set far above it,
/// so only the body deadline can end these requests within the test's limit.
@Suite("Request body deadline")
struct BodyDeadlineTests {
    static let environment = ServiceEnvironment(["HTTP_IDLE_TIMEOUT_MS": "30000", "HTTP_BODY_TIMEOUT_MS": "1000"])

    static func head(_ path: String, token: String = "all-token") -> String {
        "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
            + "Content-Type: application/cloudevents+json\r\nContent-Length: 100000\r\n\r\n{"
    }

    /// Runs the enrollment service's application (the real server and channel) on a free port.
    static func withLiveService(_ body: @Sendable (Int) async throws -> Void) async throws {
        let api = EnrollmentAPI(
            publisher: RecordingPublisher(),
            credentials: RouterHarness.credentials,
            policy: .bundledDefaults,
            logger: TestStack.logger
        )
        let app = api.makeApplication(
            host: "127.0.0.1",
            port: 0,
            logger: TestStack.logger,
            http: try HTTPServerSettings.fromEnvironment(environment)
        )
        try await app.test(.live) { client in
            try await body(try #require(client.port))
        }
    }

    @Test("a body that trickles in or stalls is answered 408 naming the rule, and the connection is closed", arguments: [true, false])
    func slowBody(trickles: Bool) async throws {
        try await Self.withLiveService { port in
            let outcome = try await SlowBodyClient.send(
                head: Self.head("/v1/events"),
                port: port,
                trickleEvery: trickles ? .milliseconds(100) : nil,
                limit: .seconds(15)
            )
            #expect(outcome.received.hasPrefix("HTTP/1.1 408"), "answer: \(outcome.received.prefix(300))")
            #expect(outcome.received.lowercased().contains("content-type: application/problem+json"))
            #expect(outcome.received.contains("HTTP_BODY_TIMEOUT_MS"), "the problem names the rule: \(outcome.received)")
            // Loose bounds: the deadline is 1 s, a loaded machine's timers run late.
            #expect((outcome.answeredAfter ?? .seconds(99)) < .seconds(8), "answered after \(String(describing: outcome.answeredAfter))")
            #expect((outcome.closedAfter ?? .seconds(99)) < .seconds(10), "closed after \(String(describing: outcome.closedAfter))")
        }
    }

    @Test("a trickling body on a route that never reads it still ends the connection at the deadline")
    func unreadBody() async throws {
        try await Self.withLiveService { port in
            let outcome = try await SlowBodyClient.send(
                head: Self.head("/health"),
                port: port,
                trickleEvery: .milliseconds(100),
                limit: .seconds(15)
            )
            #expect((outcome.closedAfter ?? .seconds(99)) < .seconds(10), "closed after \(String(describing: outcome.closedAfter))")
        }
    }

    @Test("a body that arrives in time is read as before, on a kept-alive connection")
    func timelyBody() async throws {
        try await Self.withLiveService { port in
            let event = SampleEvents.registration(personId: "P1")
            let request =
                "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer all-token\r\n"
                + "Content-Type: application/cloudevents+json\r\nContent-Length: \(event.utf8.count)\r\n\r\n\(event)"
            // The same request twice on one connection, then silence: both answered 202, and the
            // connection outlives the body deadline (only the idle timeout may close it).
            let outcome = try await SlowBodyClient.send(head: request + request, port: port, trickleEvery: nil, limit: .seconds(3))
            #expect(outcome.received.components(separatedBy: "HTTP/1.1 202").count == 3, "answers: \(outcome.received)")
            #expect(outcome.closedAfter == nil, "closed after \(String(describing: outcome.closedAfter))")
        }
    }

    @Test("HTTP_BODY_TIMEOUT_MS is read, 30 s by default, and must be a positive number of milliseconds")
    func environment() throws {
        #expect(try HTTPServerSettings.fromEnvironment(ServiceEnvironment([:])).bodyTimeout == .seconds(30))
        #expect(try HTTPServerSettings.fromEnvironment(Self.environment).bodyTimeout == .milliseconds(1000))
        for value in ["soon", "0", "-5"] {
            #expect(throws: ConfigurationError.self, "\(value)") {
                try HTTPServerSettings.fromEnvironment(ServiceEnvironment(["HTTP_BODY_TIMEOUT_MS": value]))
            }
        }
    }
}
