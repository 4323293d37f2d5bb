import Foundation
import Hummingbird
import InsuranceDomain
import ServiceSupport

extension CoverageAPI {
    /// `GET /v1/persons/{personId}/estimate?…`: what a visit would be paid, computed by
    /// `BenefitEstimator` from the person's stored history (docs/estimate-and-renewals.md).
    func estimate(personId: String, query: [(name: String, value: String)]) async throws -> Response {
        guard ContractIdentifier.isValid(personId) else { return Self.badPersonId() }
        let today = Timestamp(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000)).chinaDate
        let visit: Visit
        switch EstimateQuery.visit(query, today: today) {
        case .failure(let problem): return Self.badEstimate(problem)
        case .success(let v): visit = v
        }
        let history = try await store.history(personId: personId)
        guard !history.isEmpty else {
            return ProblemDetails.response(status: .notFound, title: "Unknown person", detail: "no event has been stored for this personId")
        }
        let coverage = recomputation.coverage(personId: personId, history: history)
        switch BenefitEstimator.estimate(visit, coverage: coverage, policy: recomputation.policy, facilities: facilities) {
        case .failure(let problem):
            return Self.badEstimate(problem)
        case .success(let estimate):
            return Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: EstimateResponse.json(estimate)))
            )
        }
    }

    /// The 400 of a `personId` that is not a contract identifier (coverage and estimate alike).
    static func badPersonId() -> Response {
        ProblemDetails.response(
            status: .badRequest,
            title: "Invalid person number",
            detail: "personId: \(ContractIdentifier.rule)",
            errors: [.init(field: "personId", rule: ContractIdentifier.rule)]
        )
    }

    static func badEstimate(_ problem: EstimateProblem) -> Response {
        ProblemDetails.response(
            status: .badRequest,
            title: "Invalid estimate query",
            detail: "\(problem.field): \(problem.rule)",
            errors: [.init(field: problem.field, rule: problem.rule)]
        )
    }
}

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
