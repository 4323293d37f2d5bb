import Foundation
import Hummingbird
import InsuranceDomain

/// The benefits service's HTTP API: a person's coverage.
public struct CoverageAPI: Sendable {
    public let store: BenefitsStore
    public let recomputation: CoverageRecomputation

    public init(store: BenefitsStore, policy: PolicyBook) {
        self.store = store
        self.recomputation = CoverageRecomputation(policy: policy)
    }

    /// `GET /v1/persons/{personId}/coverage[?on=YYYY-MM-DD]`, mounted on the authenticated
    /// API group (see `BenefitsRouter`).
    public func addRoutes(to router: some RouterMethods<some RequestContext>) {
        router.get("/v1/persons/:personId/coverage") { request, context in
            try await self.coverage(
                personId: context.parameters.get("personId") ?? "", on: request.uri.queryParameters.get("on"))
        }
    }

    func coverage(personId: String, on dayText: String?) async throws -> Response {
        guard PersonNumber.isValid(personId) else {
            return ProblemDetails.response(
                status: .badRequest, title: "Invalid person number", detail: "personId: \(PersonNumber.rule)",
                errors: [.init(field: "personId", rule: PersonNumber.rule)])
        }
        var day: LocalDate?
        if let dayText {
            guard let parsed = LocalDate(dayText) else {
                return ProblemDetails.response(
                    status: .badRequest, title: "Invalid date",
                    detail: "on: must be a calendar date YYYY-MM-DD",
                    errors: [.init(field: "on", rule: "must be a calendar date YYYY-MM-DD")])
            }
            day = parsed
        }
        let history = try await store.history(personId: personId)
        guard !history.isEmpty else {
            return ProblemDetails.response(
                status: .notFound, title: "Unknown person",
                detail: "no event has been stored for this personId")
        }
        async let periods = store.coverage(personId: personId)
        async let facilities = store.facilityBindings(personId: personId)
        async let family = store.familyBindings(personId: personId)
        let asOf = day ?? Timestamp(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000)).chinaDate
        let asOfText = asOf.description

        let facility = try await facilities.last {
            $0.status == "accepted" && $0.boundOn <= asOfText && ($0.endsOn.map { $0 >= asOfText } ?? true)
        }
        let authorisers = try await family.filter {
            $0.status == "accepted" && $0.boundOn <= asOfText && ($0.revokedOn.map { $0 > asOfText } ?? true)
        }
        let coverage = recomputation.coverage(personId: personId, history: history)
        let facilityStatus = coverage.facilityStatus(on: asOf)
        var status: CoverageResponse.Status?
        if let day {
            switch coverage.status(on: day) {
            case .covered(let period):
                status = .init(
                    on: day.description, covered: true, reason: "covered",
                    explanation: "covered from \(period.startsOn) to \(period.endsOn) (\(period.basis.rawValue))",
                    policyYear: period.policyYear, basis: period.basis.rawValue)
            case .notCovered(let reason):
                status = .init(
                    on: day.description, covered: false, reason: reason.code, explanation: reason.explanation,
                    policyYear: nil, basis: nil)
            }
        }
        let body = CoverageResponse(
            personId: personId,
            periods: try await periods.map {
                .init(
                    policyYear: $0.policyYear, startsOn: $0.startsOn, endsOn: $0.endsOn, startMonth: $0.startMonth,
                    basis: $0.basis, assumedParameters: recomputation.policy.isAssumed($0.policyYear))
            },
            facility: facility.map {
                .init(facilityCode: $0.facilityCode, facilityKind: $0.facilityKind, hospitalLevel: $0.hospitalLevel, boundOn: $0.boundOn)
            },
            facilityStatus: .init(code: facilityStatus.code, explanation: facilityStatus.explanation),
            familyAuthorisers: authorisers.map {
                .init(authoriserId: $0.authoriserId, relationship: $0.relationship, boundOn: $0.boundOn, rank: $0.rank)
            },
            status: status)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(body))))
    }
}
