import InsuranceDomain
import ServiceSupport

/// Validates the events of one request, all or nothing, and checks their sources and
/// types against the caller's credential.
public struct EventBatchValidator: Sendable {
    public let policy: PolicyBook

    public init(policy: PolicyBook) {
        self.policy = policy
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
