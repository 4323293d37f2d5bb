import InsuranceDomain

/// The body of `GET /v1/persons/{personId}/estimate`, keys in a fixed order:
/// `{"covered","payableFen","rate","capRemainingFen","reason","explanation","policyYear","assumedParameters"}`.
enum EstimateResponse {
    static func json(_ estimate: BenefitEstimate) -> [UInt8] {
        JSONWriter.bytes(
            .object([
                JSONMember("covered", .bool(estimate.covered)),
                JSONMember("payableFen", .number(String(estimate.payableFen))),
                JSONMember("rate", .string(estimate.rate)),
                JSONMember("capRemainingFen", estimate.capRemainingFen.map { .number(String($0)) } ?? .null),
                JSONMember("reason", estimate.reason.map { .string($0) } ?? .null),
                JSONMember("explanation", estimate.explanation.map { .string($0) } ?? .null),
                JSONMember("policyYear", estimate.policyYear.map { .number(String($0)) } ?? .null),
                JSONMember("assumedParameters", .bool(estimate.assumedParameters)),
            ])
        )
    }
}
