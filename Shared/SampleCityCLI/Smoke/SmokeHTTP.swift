import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The HTTP client of `insurance-sample` (the smoke suite, `post`): every request carries the
/// service's bearer token, and a transport error becomes a `SmokeFailure` naming the service
/// and its URL.
struct SmokeHTTP: Sendable {
    let client: HTTPClient

    func send(
        _ method: HTTPMethod,
        _ url: String,
        service: String,
        token: String,
        headers: [(name: String, value: String)] = [],
        body: [UInt8]? = nil
    ) async throws(SmokeFailure) -> HTTPAnswer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await client.execute(request, timeout: .seconds(60))
            let bytes = try await response.body.collect(upTo: 4 << 20)
            return HTTPAnswer(status: Int(response.status.code), body: String(buffer: bytes))
        } catch {
            throw SmokeFailure("cannot reach the \(service) at \(url): \(SmokeFailure.brief(error))")
        }
    }
}
