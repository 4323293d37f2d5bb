import Foundation
import Hummingbird
import InsuranceDomain
import ServiceSupport

/// The benefits service's HTTP API: a person's coverage.
struct CoverageAPI: Sendable {
    let store: BenefitsStore
    let recomputation: CoverageRecomputation
    /// The facility directory the estimate uses (`FACILITY_DIRECTORY_FILE`), nil when none is loaded.
    let facilities: FacilityDirectory?

    init(store: BenefitsStore, policy: PolicyBook, facilities: FacilityDirectory? = nil) {
        self.store = store
        self.recomputation = CoverageRecomputation(policy: policy)
        self.facilities = facilities
    }

    /// `GET /v1/persons/{personId}/coverage[?on=YYYY-MM-DD]`, `GET /v1/persons/{personId}/estimate`
    /// and `GET /v1/renewals`, mounted on the authenticated API group (see `BenefitsRouter`).
    func addRoutes(to router: some RouterMethods<some RequestContext>) {
        router.get("/v1/persons/:personId/coverage") { request, context in
            try await self.coverage(
                personId: context.parameters.get("personId") ?? "",
                on: request.uri.queryParameters.get("on")
            )
        }
        router.get("/v1/persons/:personId/estimate") { request, context in
            try await self.estimate(
                personId: context.parameters.get("personId") ?? "",
                query: request.uri.queryParameters.map { (name: String($0.key), value: String($0.value)) }
            )
        }
        router.get("/v1/renewals") { request, _ in
            try await self.renewals(
                query: request.uri.queryParameters.map { (name: String($0.key), value: String($0.value)) },
                accept: request.headers[.accept]
            )
        }
    }

    func coverage(personId: String, on dayText: String?) async throws -> Response {
        guard ContractIdentifier.isValid(personId) else { return Self.badPersonId() }
        var day: LocalDate?
        if let dayText {
            guard let parsed = LocalDate(dayText) else {
                return ProblemDetails.response(
                    status: .badRequest,
                    title: "Invalid date",
                    detail: "on: must be a calendar date YYYY-MM-DD",
                    errors: [.init(field: "on", rule: "must be a calendar date YYYY-MM-DD")]
                )
            }
            day = parsed
        }
        let history = try await store.history(personId: personId)
        guard !history.isEmpty else {
            return ProblemDetails.response(
                status: .notFound,
                title: "Unknown person",
                detail: "no event has been stored for this personId"
            )
        }
        async let periods = store.coverage(personId: personId)
        async let facilities = store.facilityBindings(personId: personId)
        async let family = store.familyBindings(personId: personId)
        let asOf = day ?? Timestamp(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000)).chinaDate
        let body = CoverageResponse.assemble(
            personId: personId,
            periods: try await periods,
            facilities: try await facilities,
            family: try await family,
            asOf: asOf,
            day: day,
            coverage: recomputation.coverage(personId: personId, history: history),
            policy: recomputation.policy
        )
        return Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: body.json()))
        )
    }
}
