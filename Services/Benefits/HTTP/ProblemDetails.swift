import Foundation
import Hummingbird

/// An RFC 9457 `application/problem+json` body; `errors` name each field and its rule.
struct ProblemDetails: Encodable {
    struct FieldError: Encodable {
        let field: String
        let rule: String
    }

    let type: String
    let title: String
    let status: Int
    let detail: String
    let errors: [FieldError]

    static func response(status: HTTPResponse.Status, title: String, detail: String, errors: [FieldError] = []) -> Response {
        let problem = ProblemDetails(type: "about:blank", title: title, status: Int(status.code), detail: detail, errors: errors)
        let data = (try? JSONEncoder().encode(problem)) ?? Data()
        return Response(
            status: status, headers: [.contentType: "application/problem+json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
