import InsuranceDomain
import ServiceSupport

extension EventBatchValidator {
    /// Validates one binary-mode event (attributes from `ce-` headers, `data` the body).
    ///
    /// The domain reads the attributes as it reads Kafka's binary mode; an event that
    /// passes becomes its structured-mode JSON and goes through `check`, so it is authorised
    /// and published exactly like an event that arrived structured. Problems name the
    /// same fields as in structured mode (`specversion`, `data.certNo`, …).
    func checkBinary(_ attributes: BinaryModeAttributes, data: [UInt8], credential: UpstreamCredential) -> IntakeOutcome {
        let unreadable = Set(attributes.problems.map(\.field))
        switch EventIntake.validate(binaryHeaders: attributes.headers, data: data, policy: self.policy) {
        case .success(let event) where attributes.problems.isEmpty:
            let json = event.structuredJSON
            return self.check(json, ranges: [json.indices], indexed: false, credential: credential)
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
