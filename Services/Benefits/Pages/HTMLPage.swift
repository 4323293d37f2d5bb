import Hummingbird

/// A rendered page as an HTTP response (`text/html; charset=utf-8`).
struct HTMLPage: ResponseGenerator, Sendable {
    var status: HTTPResponse.Status
    var html: String

    init(status: HTTPResponse.Status = .ok, html: String) {
        self.status = status
        self.html = html
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html))
        )
    }
}
