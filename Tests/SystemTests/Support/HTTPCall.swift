import HummingbirdTesting
import NIOCore

/// One HTTP exchange with a service on loopback; a fresh connection each time, because
/// the services are killed and restarted under the test.
enum HTTPCall {
    struct Answer: Sendable {
        let status: Int
        let body: String
        let retryAfter: String?
        var wwwAuthenticate: String? = nil
    }

    /// `token`: sent as `Authorization: Bearer` (every route but the probes needs one).
    static func get(port: Int, _ path: String, token: String? = nil) async throws -> Answer {
        try await exchange(
            port: port,
            TestClient.Request(
                path,
                method: .get,
                headers: token.map { [.authorization: "Bearer \($0)"] } ?? [:]
            )
        )
    }

    static func post(port: Int, _ path: String, contentType: String, token: String, body: String) async throws -> Answer {
        try await exchange(
            port: port,
            TestClient.Request(
                path,
                method: .post,
                headers: [.contentType: contentType, .authorization: "Bearer \(token)"],
                body: ByteBuffer(string: body)
            )
        )
    }

    private static func exchange(port: Int, _ request: TestClient.Request) async throws -> Answer {
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(30)))
        client.connect()
        do {
            let response = try await client.execute(request)
            try? await client.shutdown()
            return Answer(
                status: Int(response.status.code),
                body: response.body.map { String(buffer: $0) } ?? "",
                retryAfter: response.headers[.retryAfter],
                wwwAuthenticate: response.headers[.wwwAuthenticate]
            )
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
