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

    static func response(
        status: HTTPResponse.Status, title: String, detail: String, errors: [FieldError] = [], headers extra: HTTPFields = [:]
    ) -> Response {
        let problem = ProblemDetails(type: "about:blank", title: title, status: Int(status.code), detail: detail, errors: errors)
        let data = (try? JSONEncoder().encode(problem)) ?? Data()
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        headers.append(contentsOf: extra)
        return Response(
            status: status, headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
