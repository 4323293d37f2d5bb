/// An HTTP status and body as text.
struct HTTPAnswer: Sendable {
    let status: Int
    let body: String
}
