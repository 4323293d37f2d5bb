import Hummingbird
import InsuranceDomain

/// The CloudEvents attributes of an HTTP request in binary content mode (CloudEvents HTTP
/// protocol binding 1.0, §3.1): each attribute in its own `ce-` header, percent-encoded,
/// `Content-Type` the media type of `data`, the body the data itself.
///
/// The attributes are handed to the domain in the shape of Kafka's binary mode (`ce_`
/// names plus `content-type`), so both bindings share one validation.
struct BinaryModeAttributes: Sendable {
    /// `ce_<attribute>` → decoded value, and `content-type` when the request has one.
    let headers: [String: String]
    /// Headers that could not be read, as the attribute they would carry and the rule.
    let problems: [FieldProblem]

    /// The attributes of `fields`, or `nil` when the request is not in binary mode: it
    /// has no `ce-` header, or its `Content-Type` names a CloudEvents event format
    /// (structured or batch mode, where `ce-` headers may repeat the body and are ignored).
    init?(_ fields: HTTPFields) {
        if let contentType = fields[.contentType], contentType.lowercased().hasPrefix("application/cloudevents") {
            return nil
        }
        var headers: [String: String] = [:]
        var problems: [FieldProblem] = []
        var found = false
        for field in fields {
            let name = field.name.canonicalName.lowercased()
            guard name.hasPrefix("ce-") else { continue }
            found = true
            let attribute = String(name.dropFirst(3))
            if attribute.isEmpty {
                problems.append(FieldProblem(field: "ce-", rule: "a header named only 'ce-' names no attribute"))
                continue
            }
            if attribute == "datacontenttype" {
                problems.append(
                    FieldProblem(
                        field: attribute,
                        rule: "is carried by Content-Type in binary mode: drop the ce-datacontenttype header"
                    )
                )
                continue
            }
            if headers["ce_" + attribute] != nil || problems.contains(where: { $0.field == attribute }) {
                problems.append(FieldProblem(field: attribute, rule: "header ce-\(attribute) must appear once"))
                continue
            }
            switch HeaderValueDecoding.decode(field.value) {
            case .success(let value): headers["ce_" + attribute] = value
            case .failure(let failure): problems.append(FieldProblem(field: attribute, rule: failure.rule))
            }
        }
        guard found else { return nil }
        // Media types are case-insensitive; the domain compares them in lower case.
        if let contentType = fields[.contentType] { headers["content-type"] = contentType.lowercased() }
        self.headers = headers
        self.problems = problems
    }
}
