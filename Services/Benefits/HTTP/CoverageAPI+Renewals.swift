import Hummingbird
import InsuranceDomain
import ServiceSupport

extension CoverageAPI {
    /// `GET /v1/renewals?policyYear=Y[&status=…]`: the default-renewal cohort of Y from the view
    /// `renewal_outlook`, as JSON, or as CSV when the request accepts `text/csv`.
    func renewals(query: [(name: String, value: String)], accept: String?) async throws -> Response {
        var values: [String: String] = [:]
        for (name, value) in query {
            guard name == "policyYear" || name == "status" else {
                return Self.badRenewals(field: name, rule: "is not a parameter of the renewal list (policyYear, status)")
            }
            guard values[name] == nil else { return Self.badRenewals(field: name, rule: "must be given once") }
            values[name] = value
        }
        guard let yearText = values["policyYear"] else {
            return Self.badRenewals(field: "policyYear", rule: "is required: a year from 2000 to 2100")
        }
        guard yearText.utf8.count == 4, yearText.utf8.allSatisfy({ (48...57).contains($0) }),
            let year = Int(yearText), (2000...2100).contains(year)
        else { return Self.badRenewals(field: "policyYear", rule: "must be a year from 2000 to 2100") }
        let status = values["status"]
        if let status, RenewalStatus(rawValue: status) == nil {
            return Self.badRenewals(
                field: "status",
                rule: "must be one of \(RenewalStatus.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        let rows = try await store.renewals(policyYear: year, status: status)
        if let accept, accept.lowercased().contains("text/csv") {
            return Response(
                status: .ok,
                headers: [.contentType: "text/csv; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: RenewalsCSV.text(policyYear: year, rows: rows)))
            )
        }
        var counts: [String: Int] = [:]
        for row in rows { counts[row.status, default: 0] += 1 }
        let body = JSONValue.object([
            JSONMember("policyYear", .number(String(year))),
            JSONMember("status", status.map { .string($0) } ?? .null),
            JSONMember(
                "counts",
                .object(
                    RenewalStatus.allCases.compactMap { s in
                        status == nil || status == s.rawValue ? JSONMember(s.rawValue, .number(String(counts[s.rawValue] ?? 0))) : nil
                    }
                )
            ),
            JSONMember(
                "persons",
                .array(
                    rows.map { row in
                        .object([
                            JSONMember("personId", .string(row.personId)), JSONMember("status", .string(row.status)),
                            JSONMember("firstCoveredOn", row.firstCoveredOn.map { .string($0) } ?? .null),
                        ])
                    }
                )
            ),
        ])
        return Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(body)))
        )
    }

    static func badRenewals(field: String, rule: String) -> Response {
        ProblemDetails.response(
            status: .badRequest,
            title: "Invalid renewal query",
            detail: "\(field): \(rule)",
            errors: [.init(field: field, rule: rule)]
        )
    }
}
