import Hummingbird

/// The 401 answer of the HTML pages: a `Basic` challenge, so that a browser asks for the
/// token, and a short page for when the prompt is cancelled.
enum SignInRequiredPage {
    static func response() -> Response {
        let html = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in required</title></head>
            <body><h1>Sign-in required</h1><p>These pages show insured persons' coverage. Sign in with any user name and the access token issued to you as the password.</p></body></html>
            """
        return Response(
            status: .unauthorized,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .wwwAuthenticate: #"Basic realm="insurance benefits", charset="UTF-8""#,
            ],
            body: .init(byteBuffer: ByteBuffer(string: html))
        )
    }
}
