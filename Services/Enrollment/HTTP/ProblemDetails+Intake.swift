import Hummingbird
import ServiceSupport

/// The enrollment API's problem documents (docs/contract.md, "Refusals"), by status.
extension ProblemDetails {
    static func malformed(_ error: MalformedJSON) -> ProblemDetails {
        ProblemDetails(type: "urn:insurance:problem:malformed-json", title: "Malformed JSON", status: 400, detail: error.description)
    }

    static func unauthenticated() -> ProblemDetails {
        ProblemDetails(
            type: "urn:insurance:problem:unauthenticated",
            title: "Missing or unknown bearer token",
            status: 401,
            detail: "send Authorization: Bearer <token> with a token issued to your system"
        )
    }

    static func forbidden(_ items: [Item], credential: String) -> ProblemDetails {
        ProblemDetails(
            type: "urn:insurance:problem:forbidden-scope",
            title: "Event outside this token's scope",
            status: 403,
            detail: "token '\(credential)' may not send \(Set(items.map(\.index)).count) of the events (field and rule below); nothing was published",
            problems: items
        )
    }

    static func bodyTooLarge(limit: Int) -> ProblemDetails {
        ProblemDetails(
            type: "urn:insurance:problem:body-too-large",
            title: "Request body too large",
            status: 413,
            detail: "the body exceeds \(limit) bytes (ENROLLMENT_MAX_BODY_BYTES); split the batch"
        )
    }

    static func batchTooLarge(limit: Int) -> ProblemDetails {
        ProblemDetails(
            type: "urn:insurance:problem:batch-too-large",
            title: "Batch too large",
            status: 413,
            detail: "a batch holds at most \(limit) events (ENROLLMENT_MAX_BATCH); split the batch"
        )
    }

    static func unsupportedMediaType(_ contentType: String?) -> ProblemDetails {
        ProblemDetails(
            type: "urn:insurance:problem:unsupported-media-type",
            title: "Unsupported content type",
            status: 415,
            detail:
                "got '\(contentType ?? "none")'; send application/cloudevents+json or application/json (one event) or application/cloudevents-batch+json (a batch)"
        )
    }

    static func invalid(_ items: [Item], invalidEvents: Int, totalEvents: Int) -> ProblemDetails {
        ProblemDetails(
            type: "urn:insurance:problem:invalid-events",
            title: "Events failed validation",
            status: 422,
            detail: "\(items.count) problem(s) in \(invalidEvents) of \(totalEvents) event(s); nothing was published",
            problems: items
        )
    }

    static func unavailable(_ error: PublishError) -> ProblemDetails {
        ProblemDetails(
            type: "urn:insurance:problem:broker-unavailable",
            title: "Broker unavailable",
            status: 503,
            detail: "\(error); retry the same events with the same ids later, duplicates are harmless"
        )
    }
}
