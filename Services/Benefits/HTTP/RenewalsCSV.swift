/// The renewal list as CSV (RFC 4180): a header row, CRLF line ends, UTF-8, fields quoted
/// when they hold a comma, a quote or a line break (quotes doubled). Person numbers only.
public enum RenewalsCSV {
    public static let header = ["policyYear", "personId", "status", "firstCoveredOn"]

    public static func text(policyYear: Int, rows: [RenewalRow]) -> String {
        var out = line(header)
        for row in rows {
            out += line([String(policyYear), row.personId, row.status, row.firstCoveredOn ?? ""])
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
