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

extension ProblemDetails {
    /// 413 for events over `ENROLLMENT_MAX_EVENT_BYTES`, each named by index.
    static func eventTooLarge(_ items: [Item], limit: Int, totalEvents: Int) -> ProblemDetails {
        ProblemDetails(
            type: "urn:insurance:problem:event-too-large",
            title: "Event too large",
            status: 413,
            detail:
                "\(items.count) of \(totalEvents) event(s) exceed \(limit) bytes per event (ENROLLMENT_MAX_EVENT_BYTES, below the producer's message.max.bytes); nothing was published",
            problems: items
        )
    }

    /// The answer to a failed publish: 503 with `Retry-After` only for a transient failure;
    /// 413 when the broker finds an event too large; 500 when it refuses the events for good
    /// (retrying would fail the same way, and an operator must act).
    static func publishFailed(_ error: PublishError, retryAfterSeconds: Int) -> Response {
        switch error {
        case .unavailable, .timedOut:
            return ProblemDetails.unavailable(error).response(headers: [.retryAfter: String(retryAfterSeconds)])
        case .tooLarge:
            return ProblemDetails(
                type: "urn:insurance:problem:event-too-large",
                title: "Event too large",
                status: 413,
                detail: "\(error); send smaller events, retrying the same ones will not help"
            ).response()
        case .refused:
            return ProblemDetails(
                type: "urn:insurance:problem:broker-refused",
                title: "Broker refused the events",
                status: 500,
                detail: "\(error); retrying will not help until the service is reconfigured"
            ).response()
        }
    }
}
