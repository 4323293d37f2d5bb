import Foundation
import Hummingbird
import HummingbirdTesting
import InsuranceDomain
import ServiceSupport
import Testing

@testable import Enrollment

/// Builds the service's router around a publisher and drives it through HummingbirdTesting.
struct RouterHarness {
    static let credentials: CredentialStore = {
        // Test tokens; the parser is covered by CredentialStoreTests.
        // school-42 may only register and stop pupils of its own source, as a school's token should.
        CredentialStore(
            (try? CredentialStore.parseEnvironment(
                "school-42:school-token:/schools/42:insurance.enrollment.registered.v1|insurance.enrollment.stopped.v1;all:all-token:*"
            )) ?? []
        )
    }()

    let api: EnrollmentAPI

    init(publisher: any EventPublisher, limits: IntakeLimits = IntakeLimits(), topics: TopicNames = TopicNames()) {
        self.api = EnrollmentAPI(
            publisher: publisher,
            credentials: Self.credentials,
            policy: .bundledDefaults,
            topics: topics,
            limits: limits,
            logger: TestStack.logger
        )
    }

    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: self.api.makeRouter())
        try await app.test(.router, body)
    }
}

extension TestClientProtocol {
    /// `POST /v1/events` with a token and a content type.
    func postEvents(
        _ body: String,
        token: String? = "all-token",
        contentType: String = "application/cloudevents+json"
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: contentType]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await self.execute(uri: "/v1/events", method: .post, headers: headers, body: ByteBuffer(string: body)) { $0 }
    }
}

extension TestResponse {
    /// The problem document of a refusal (fails the test if the body is not one).
    func problem() throws -> ProblemDetails {
        #expect(self.headers[.contentType] == ProblemDetails.mediaType)
        return try JSONDecoder().decode(ProblemDetails.self, from: Data(buffer: self.body))
    }

    var text: String { String(buffer: self.body) }
}

extension RouterHarness {
    /// The router alone, for inspecting its routes (the publisher is never called).
    static func routerOnly() -> Router<EnrollmentRequestContext> {
        EnrollmentAPI(publisher: UnreachablePublisher(), credentials: credentials, policy: .bundledDefaults).makeRouter()
    }
}

/// A publisher for route listing only: inspecting routes publishes nothing.
private struct UnreachablePublisher: EventPublisher {
    func publish(_ events: [OutgoingEvent]) async throws {
        throw PublishError.unavailable(reason: "route inspection never publishes")
    }
    func isReady() async -> Bool { false }
}
