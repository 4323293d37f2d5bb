import Foundation
import HTTPTypes
import Hummingbird
import InsuranceDomain
import ServiceSupport

extension CoverageAPI {
    /// Persons per page when `limit` is not given, and the most a page may hold.
    static let renewalsPage = (default: 1_000, maximum: 10_000)

    /// `GET /v1/renewals?policyYear=Y[&status=…][&after=P][&limit=N]`: the default-renewal cohort
    /// of Y from the view `renewal_outlook`, a page of persons in person-number order after `after`
    /// (at most `limit`), as JSON, or as CSV when the request accepts `text/csv`. A page that is
    /// not the last names the next in `nextAfter` (JSON) and a `Link: <…>; rel="next"` header, so
    /// no request builds a city-wide cohort in memory.
    func renewals(query: [(name: String, value: String)], accept: String?) async throws -> Response {
        var values: [String: String] = [:]
        for (name, value) in query {
            guard ["policyYear", "status", "after", "limit"].contains(name) else {
                return Self.badRenewals(field: name, rule: "is not a parameter of the renewal list (policyYear, status, after, limit)")
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
        var limit = Self.renewalsPage.default
        if let limitText = values["limit"] {
            guard (1...5).contains(limitText.utf8.count), limitText.utf8.allSatisfy({ (48...57).contains($0) }),
                let value = Int(limitText), (1...Self.renewalsPage.maximum).contains(value)
            else { return Self.badRenewals(field: "limit", rule: "must be a whole number from 1 to \(Self.renewalsPage.maximum)") }
            limit = value
        }
        let after = values["after"]
        if let after, after.isEmpty || after.utf8.count > 64 || after.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return Self.badRenewals(field: "after", rule: "must be a person number (1 to 64 characters, no control characters)")
        }
        // One more than the page, to know whether another page follows.
        var rows = try await store.renewals(policyYear: year, status: status, after: after, limit: limit + 1)
        let nextAfter: String?
        if rows.count > limit {
            rows.removeLast(rows.count - limit)
            nextAfter = rows.last?.personId
        } else {
            nextAfter = nil
        }
        var headers: HTTPFields = [:]
        if let nextAfter, let link = HTTPField.Name("Link") {
            headers[link] = Self.nextLink(year: year, status: status, after: nextAfter, limit: limit)
        }
        if let accept, accept.lowercased().contains("text/csv") {
            headers[.contentType] = "text/csv; charset=utf-8"
            return Response(
                status: .ok,
                headers: headers,
                body: .init(byteBuffer: ByteBuffer(string: RenewalsCSV.text(policyYear: year, rows: rows)))
            )
        }
        // The counts are the whole cohort's (one grouped query), not the page's.
        let counts = try await store.renewalCounts(policyYear: year)
        headers[.contentType] = "application/json"
        let body = JSONValue.object([
            JSONMember("policyYear", .number(String(year))),
            JSONMember("status", status.map { .string($0) } ?? .null),
            JSONMember("nextAfter", nextAfter.map { .string($0) } ?? .null),
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
                            JSONMember("firstCoveredOn", row.firstCoveredOn.map { .string($0.description) } ?? .null),
                        ])
                    }
                )
            ),
        ])
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(body))))
    }

    /// The next page's address (RFC 8288), its values percent-encoded.
    static func nextLink(year: Int, status: String?, after: String, limit: Int) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encoded = after.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        let statusPart = status.map { "&status=\($0)" } ?? ""
        return "</v1/renewals?policyYear=\(year)\(statusPart)&after=\(encoded)&limit=\(limit)>; rel=\"next\""
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

/// The renewal list as CSV (RFC 4180): a header row, CRLF line ends, UTF-8, fields quoted
/// when they hold a comma, a quote or a line break (quotes doubled). Person numbers only.
enum RenewalsCSV {
    static let header = ["policyYear", "personId", "status", "firstCoveredOn"]

    static func text(policyYear: Int, rows: [RenewalRow]) -> String {
        var out = line(header)
        for row in rows {
            out += line([String(policyYear), row.personId, row.status, row.firstCoveredOn?.description ?? ""])
        }
        return out
    }

    static func line(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",") + "\r\n"
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
