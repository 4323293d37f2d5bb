import Foundation
import Hummingbird

/// An RFC 9457 problem document (`application/problem+json`), the body of every refusal.
public struct Problem: Codable, Sendable, Hashable {
    /// One thing wrong with one event: its index in the batch (nil for a single event),
    /// the field as a JSON path (prefixed `[i].` in a batch) and the rule it breaks.
    public struct Item: Codable, Sendable, Hashable {
        public var index: Int?
        public var field: String
        public var rule: String

        public init(index: Int?, field: String, rule: String) {
            self.index = index
            self.field = field
            self.rule = rule
        }
    }

    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var problems: [Item]?

    public init(type: String, title: String, status: Int, detail: String, problems: [Item]? = nil) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.problems = problems
    }

    public static let mediaType = "application/problem+json"

    /// The response carrying this problem, with extra headers (e.g. `Retry-After`).
    public func response(headers extra: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and integers cannot fail; the fallback keeps the status honest anyway.
        let body = (try? encoder.encode(self)) ?? Data(#"{"title":"problem could not be encoded"}"#.utf8)
        var headers: HTTPFields = [.contentType: Self.mediaType]
        headers.append(contentsOf: extra)
        return Response(
            status: HTTPResponse.Status(code: self.status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}

extension Problem {
    static func malformed(_ error: MalformedJSON) -> Problem {
        Problem(type: "urn:insurance:problem:malformed-json", title: "Malformed JSON", status: 400, detail: error.description)
    }

    static func unauthenticated() -> Problem {
        Problem(
            type: "urn:insurance:problem:unauthenticated", title: "Missing or unknown bearer token", status: 401,
            detail: "send Authorization: Bearer <token> with a token issued to your system"
        )
    }

    static func forbidden(_ items: [Item], credential: String) -> Problem {
        Problem(
            type: "urn:insurance:problem:forbidden-scope", title: "Event outside this token's scope", status: 403,
            detail: "token '\(credential)' may not send \(Set(items.map(\.index)).count) of the events (field and rule below); nothing was published",
            problems: items
        )
    }

    static func bodyTooLarge(limit: Int) -> Problem {
        Problem(
            type: "urn:insurance:problem:body-too-large", title: "Request body too large", status: 413,
            detail: "the body exceeds \(limit) bytes (ENROLLMENT_MAX_BODY_BYTES); split the batch"
        )
    }

    static func batchTooLarge(limit: Int) -> Problem {
        Problem(
            type: "urn:insurance:problem:batch-too-large", title: "Batch too large", status: 413,
            detail: "a batch holds at most \(limit) events (ENROLLMENT_MAX_BATCH); split the batch"
        )
    }

    static func unsupportedMediaType(_ contentType: String?) -> Problem {
        Problem(
            type: "urn:insurance:problem:unsupported-media-type", title: "Unsupported content type", status: 415,
            detail: "got '\(contentType ?? "none")'; send application/cloudevents+json or application/json (one event) or application/cloudevents-batch+json (a batch)"
        )
    }

    static func invalid(_ items: [Item], invalidEvents: Int, totalEvents: Int) -> Problem {
        Problem(
            type: "urn:insurance:problem:invalid-events", title: "Events failed validation", status: 422,
            detail: "\(items.count) problem(s) in \(invalidEvents) of \(totalEvents) event(s); nothing was published",
            problems: items
        )
    }

    static func unavailable(_ error: PublishError) -> Problem {
        Problem(
            type: "urn:insurance:problem:broker-unavailable", title: "Broker unavailable", status: 503,
            detail: "\(error); retry the same events with the same ids later, duplicates are harmless"
        )
    }
}
