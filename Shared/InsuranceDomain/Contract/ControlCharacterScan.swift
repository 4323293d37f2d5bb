/// Finds control characters (`TextRules`) in any string or member name of a JSON value:
/// the members of an event that no field rule covers (extension attributes, extra `data`
/// members, nested values) must not smuggle in what the field rules refuse.
enum ControlCharacterScan {
    /// At most this many problems per event, so that hostile input gives a short answer.
    static let maximumProblems = 10

    /// Problems for every member of `object` except `skipping`, fields named `prefix` + name.
    static func problems(inMembersOf object: JSONValue, prefix: String, skipping: Set<String>) -> [FieldProblem] {
        guard case .object(let members) = object else { return [] }
        var problems: [FieldProblem] = []
        for member in members where !skipping.contains(member.name) {
            scan(member, parent: { prefix }, into: &problems)
        }
        return problems
    }

    // The paths are built only for a problem found (`parent` and `path` are called then):
    // building one per member, as before, was most of this scan's cost on valid events.
    private static func scan(_ member: JSONMember, parent: () -> String, into problems: inout [FieldProblem]) {
        guard problems.count < maximumProblems else { return }
        if let found = TextRules.firstControlCharacter(in: member.name) {
            // The name itself is not echoed: it holds the very character refused.
            let parent = parent()
            problems.append(
                FieldProblem(
                    field: parent.isEmpty ? "(member name)" : parent + "(member name)",
                    rule: "member names must not contain control characters (\(TextRules.codePoint(found.scalar)))"
                )
            )
            return
        }
        scan(member.value, path: { parent() + fieldName(member.name) }, into: &problems)
    }

    /// A member name as it appears in a problem's field: cut to 64 characters, so that a
    /// huge name cannot make a huge reason (reasons travel in dead-letter headers).
    static func fieldName(_ name: String) -> String {
        name.unicodeScalars.count <= 64 ? name : String(String.UnicodeScalarView(name.unicodeScalars.prefix(64))) + "…"
    }

    private static func scan(_ value: JSONValue, path: () -> String, into problems: inout [FieldProblem]) {
        guard problems.count < maximumProblems else { return }
        switch value {
        case .string(let text):
            if let found = TextRules.firstControlCharacter(in: text) {
                problems.append(
                    FieldProblem(
                        field: path(),
                        rule: "must not contain control characters (\(TextRules.codePoint(found.scalar)) at character \(found.position))"
                    )
                )
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() { scan(element, path: { "\(path())[\(index)]" }, into: &problems) }
        case .object(let members):
            for member in members { scan(member, parent: { path() + "." }, into: &problems) }
        case .null, .bool, .number:
            break
        }
    }
}
