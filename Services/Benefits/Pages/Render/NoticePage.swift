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

/// The 401 answer of the HTML pages: a `Basic` challenge, so that a browser asks for the
/// token, and a short page for when the prompt is cancelled.
enum SignInRequiredPage {
    static func response() -> Response {
        NoticePage.response(
            status: .unauthorized,
            title: "Sign-in required",
            text: "These pages show insured persons' coverage. Sign in with any user name and the access token issued to you as the password.",
            headers: [.wwwAuthenticate: #"Basic realm="insurance benefits", charset="UTF-8""#]
        )
    }
}
