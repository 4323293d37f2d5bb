import Hummingbird
import ServiceSupport

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
