import InsuranceDomain

/// Builds a JSON object member by member, in a fixed order (so generated files are stable
/// and diffable), leaving out members whose value is nil. Written by the domain's
/// `JSONWriter`, the code base's one JSON writer.
struct JSONObjectBuilder {
    private(set) var members: [JSONMember] = []

    mutating func add(_ key: String, _ value: String?) { if let value { members.append(JSONMember(key, .string(value))) } }
    mutating func add(_ key: String, _ value: Int?) { if let value { members.append(JSONMember(key, .number(String(value)))) } }
    mutating func add(_ key: String, _ value: Bool?) { if let value { members.append(JSONMember(key, .bool(value))) } }
    mutating func add(_ key: String, _ value: JSONObjectBuilder) { members.append(JSONMember(key, .object(value.members))) }

    var text: String { String(decoding: JSONWriter.bytes(.object(members)), as: UTF8.self) }
}
