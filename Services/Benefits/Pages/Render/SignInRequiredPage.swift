import Hummingbird

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
