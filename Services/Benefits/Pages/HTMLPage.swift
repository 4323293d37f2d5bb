import Hummingbird

/// A rendered page as an HTTP response (`text/html; charset=utf-8`).
public struct HTMLPage: ResponseGenerator, Sendable {
    public var status: HTTPResponse.Status
    public var html: String

    public init(status: HTTPResponse.Status = .ok, html: String) {
        self.status = status
        self.html = html
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html))
        )
    }
}
