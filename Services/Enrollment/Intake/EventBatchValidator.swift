import Foundation
import InsuranceDomain
import ServiceSupport

/// Validates the events of one request, all or nothing, and checks their sources and
/// types against the caller's credential.
struct EventBatchValidator: Sendable {
    let policy: PolicyBook
    /// What one request may carry per person, type and policy year (`EventsPerTypeAndYear`).
    let bound: EventsPerTypeAndYear

    init(policy: PolicyBook, bound: EventsPerTypeAndYear = EventsPerTypeAndYear()) {
        self.policy = policy
        self.bound = bound
    }

    /// Validates each element of `bytes` at `ranges`.
    ///
    /// - Parameter indexed: batch mode; fields are reported as `[i].field` with their index.
    func check(
        _ bytes: [UInt8],
        ranges: [Range<Int>],
        indexed: Bool,
        credential: UpstreamCredential
    ) -> IntakeOutcome {
        var valid: [AcceptedEvent] = []
        valid.reserveCapacity(ranges.count)
        var problems: [ProblemDetails.Item] = []
        var invalidEvents = 0
        for (index, range) in ranges.enumerated() {
            let slice = range == bytes.indices ? bytes : Array(bytes[range])
            switch EventIntake.validate(json: slice, policy: self.policy) {
            case .success(let event):
                valid.append(AcceptedEvent(event: event, json: slice))
            case .failure(let error):
                invalidEvents += 1
                for problem in error.problems {
                    problems.append(
                        ProblemDetails.Item(
                            index: indexed ? index : nil,
                            field: indexed ? Self.prefixed(problem.field, index: index) : problem.field,
                            rule: problem.rule
                        )
                    )
                }
            }
        }
        if !problems.isEmpty {
            return .invalid(problems, invalidEvents: invalidEvents, totalEvents: ranges.count)
        }
        // One request never carries more of one person's events of a type and policy year than
        // the benefits service would store: the whole request is refused, naming each one beyond.
        // A request of no more events than the bound cannot pass it.
        if valid.count > bound.limit {
            var counter = EventsPerTypeAndYear.Counter(bound)
            for (index, accepted) in valid.enumerated() {
                guard let bucket = counter.admit(accepted.event) else { continue }
                invalidEvents += 1
                problems.append(
                    ProblemDetails.Item(
                        index: indexed ? index : nil,
                        field: indexed ? "[\(index)].type" : "type",
                        rule: bound.requestRule(for: bucket)
                    )
                )
            }
            if !problems.isEmpty {
                return .invalid(problems, invalidEvents: invalidEvents, totalEvents: ranges.count)
            }
        }
        let forbidden = valid.enumerated().flatMap { index, accepted in
            Self.scopeProblems(accepted.event, index: indexed ? index : nil, credential: credential)
        }
        return forbidden.isEmpty ? .accepted(valid) : .forbidden(forbidden)
    }

    /// What of `event` lies outside the credential's scope: its `source`, its `type`, or both.
    static func scopeProblems(_ event: ValidatedEvent, index: Int?, credential: UpstreamCredential) -> [ProblemDetails.Item] {
        credential.refusals(source: event.source, type: event.type).map { refusal in
            ProblemDetails.Item(
                index: index,
                field: index.map { "[\($0)].\(refusal.attribute.rawValue)" } ?? refusal.attribute.rawValue,
                rule: refusal.rule
            )
        }
    }

    /// `data.certNo` at index 3 becomes `[3].data.certNo`; an empty field (the whole
    /// event) becomes `[3]`.
    static func prefixed(_ field: String, index: Int) -> String {
        if field.isEmpty || field == "(event)" { return "[\(index)]" }
        if field.hasPrefix("[") { return "[\(index)]\(field)" }
        return "[\(index)].\(field)"
    }
}

extension EventBatchValidator {
    /// Validates one binary-mode event (attributes from `ce-` headers, `data` the body).
    ///
    /// The domain reads the attributes as it reads Kafka's binary mode; an event that
    /// passes is published as its structured-mode JSON, authorised exactly like an event that
    /// arrived structured. It is validated once: the structured JSON is the domain's own
    /// rendering of the event it just validated (the domain's tests check that it reads back
    /// the same), so reading it again would only cost time. Problems name the same fields as
    /// in structured mode (`specversion`, `data.certNo`, …).
    func checkBinary(_ attributes: BinaryModeAttributes, data: [UInt8], credential: UpstreamCredential) -> IntakeOutcome {
        let unreadable = Set(attributes.problems.map(\.field))
        switch EventIntake.validate(binaryHeaders: attributes.headers, data: data, policy: self.policy) {
        case .success(let event) where attributes.problems.isEmpty:
            let forbidden = Self.scopeProblems(event, index: nil, credential: credential)
            return forbidden.isEmpty ? .accepted([AcceptedEvent(event: event, json: event.structuredJSON)]) : .forbidden(forbidden)
        case .success:
            return Self.invalid(attributes.problems)
        case .failure(let error):
            // An attribute whose header could not be read is reported once, with why.
            let others = error.problems.filter { !unreadable.contains($0.field) }
            return Self.invalid(attributes.problems + others)
        }
    }

    private static func invalid(_ problems: [FieldProblem]) -> IntakeOutcome {
        .invalid(problems.map { ProblemDetails.Item(index: nil, field: $0.field, rule: $0.rule) }, invalidEvents: 1, totalEvents: 1)
    }
}

/// A validated event together with the exact JSON it arrived as.
///
/// The received bytes are what gets published: they are the event the sender signed off
/// on, already checked to be well-formed and valid, and re-serialising the parsed
/// envelope would cost time on every event for the same content.
struct AcceptedEvent: Sendable {
    let event: ValidatedEvent
    let json: [UInt8]
}

/// What came of validating and authorising one request's events, before publishing.
enum IntakeOutcome: Sendable {
    /// Every event passed and may be published.
    case accepted([AcceptedEvent])
    /// Some events break rules (422); every problem, by index and field.
    case invalid([ProblemDetails.Item], invalidEvents: Int, totalEvents: Int)
    /// Some events name a `source` or `type` the caller's token does not cover (403).
    case forbidden([ProblemDetails.Item])
}

/// How a request body carries its events, decided by its content type.
enum IntakeMode: Sendable, Hashable {
    /// One structured-mode CloudEvent (`application/cloudevents+json` or `application/json`).
    case single
    /// A JSON array of CloudEvents (`application/cloudevents-batch+json`).
    case batch

    /// The mode for a `Content-Type` value; parameters such as `charset` are ignored.
    init?(contentType: String?) {
        guard let contentType else { return nil }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        switch mediaType {
        case "application/cloudevents+json", "application/json": self = .single
        case "application/cloudevents-batch+json": self = .batch
        default: return nil
        }
    }
}

/// Size limits of one `POST /v1/events` and the `Retry-After` it suggests on 503.
package struct IntakeLimits: Sendable, Hashable {
    var maxBodyBytes: Int
    var maxBatch: Int
    var retryAfterSeconds: Int
    /// The largest single event in bytes (`EventSizeLimit`); larger ones get 413.
    var maxEventBytes: Int
    /// The most events of one type and policy year one request may carry for one person
    /// (`EventsPerTypeAndYear`); more get 422.
    var eventsPerTypeAndYear: Int

    package init(
        maxBodyBytes: Int = 5 * 1024 * 1024,
        maxBatch: Int = 1000,
        retryAfterSeconds: Int = 5,
        maxEventBytes: Int = EventSizeLimit.defaultLimit,
        eventsPerTypeAndYear: Int = EventsPerTypeAndYear.defaultLimit
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.maxBatch = maxBatch
        self.retryAfterSeconds = retryAfterSeconds
        self.maxEventBytes = maxEventBytes
        self.eventsPerTypeAndYear = eventsPerTypeAndYear
    }
}
