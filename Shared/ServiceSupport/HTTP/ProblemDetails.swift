import Hummingbird
import InsuranceDomain

/// An RFC 9457 problem document (`application/problem+json`), the body of every refusal of
/// both services. What is wrong is listed by field and rule: the enrollment API's `problems`
/// (`[{index, field, rule}]`, `index` in a batch) and the benefits API's `errors`
/// (`[{field, rule}]`). Both names are public contract (docs/contract.md), so both stay; a
/// document carries the one its API promises.
public struct ProblemDetails: Codable, Sendable, Hashable {
    /// One thing wrong: the event's index in a batch (nil otherwise), the field (a JSON path,
    /// prefixed `[i].` in a batch, or a query parameter) and the rule it breaks.
    public struct Item: Codable, Sendable, Hashable {
        public var index: Int?
        public var field: String
        public var rule: String

        public init(index: Int? = nil, field: String, rule: String) {
            self.index = index
            self.field = field
            self.rule = rule
        }

        /// `{"field":…,"index":…,"rule":…}`, `index` left out when nil.
        var json: JSONValue {
            var members = [JSONMember("field", .string(field))]
            if let index { members.append(JSONMember("index", .number(String(index)))) }
            members.append(JSONMember("rule", .string(rule)))
            return .object(members)
        }
    }

    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    /// The enrollment API's list (403, 413 per event, 422).
    public var problems: [Item]?
    /// The benefits API's list (400); present, maybe empty, in its every problem document.
    public var errors: [Item]?

    public init(type: String, title: String, status: Int, detail: String, problems: [Item]? = nil, errors: [Item]? = nil) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.problems = problems
        self.errors = errors
    }

    public static let mediaType = "application/problem+json"

    /// The document as JSON, written by the domain's `JSONWriter` like every other answer.
    /// Members in alphabetical order (`detail`, `errors`, `problems`, `status`, `title`, `type`;
    /// an item's `field`, `index`, `rule`), the order these documents have always had; absent
    /// lists and indexes are left out, not written as `null`.
    public var json: JSONValue {
        var members = [JSONMember("detail", .string(detail))]
        if let errors { members.append(JSONMember("errors", .array(errors.map(\.json)))) }
        if let problems { members.append(JSONMember("problems", .array(problems.map(\.json)))) }
        members += [
            JSONMember("status", .number(String(status))),
            JSONMember("title", .string(title)),
            JSONMember("type", .string(type)),
        ]
        return .object(members)
    }

    /// The response carrying this problem, with extra headers (e.g. `Retry-After`).
    public func response(headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: Self.mediaType]
        headers.append(contentsOf: extra)
        return Response(
            status: HTTPResponse.Status(code: self.status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(json)))
        )
    }

    /// The benefits API's answer: `type` `about:blank` (the status says it all) and `errors`.
    public static func response(
        status: HTTPResponse.Status,
        title: String,
        detail: String,
        errors: [Item] = [],
        headers extra: HTTPFields = [:]
    ) -> Response {
        ProblemDetails(type: "about:blank", title: title, status: Int(status.code), detail: detail, errors: errors)
            .response(headers: extra)
    }
}
