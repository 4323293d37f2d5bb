import Hummingbird

/// A short page that says why there is no page: sign-in required, the database away, a failure.
/// Its texts are the service's own, never stored data, so they need no template.
enum NoticePage {
    static func response(status: HTTPResponse.Status, title: String, text: String, headers extra: HTTPFields = [:]) -> Response {
        let html = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>\(HTML.escape(title))</title></head>
            <body><h1>\(HTML.escape(title))</h1><p>\(HTML.escape(text))</p></body></html>
            """
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
