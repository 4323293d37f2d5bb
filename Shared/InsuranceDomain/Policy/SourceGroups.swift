/// Event sources the operator declares to be one upstream (docs/rules.md, "Money": a
/// decision). A reversal counts when it comes from the source that reported its payment or
/// from another source of that source's group: a tax bureau that sends payments from
/// `/tax/payments` and refunds from `/tax/refunds` is one upstream. Anyone else still cannot
/// cancel another upstream's money.
///
/// Written as one setting (`PAYMENT_SOURCE_GROUPS`): groups separated by `;`, the sources of
/// a group by `,`, white space around them ignored, for example
/// `/tax/payments,/tax/refunds; /school/a,/school/b`.
public struct SourceGroups: Sendable, Hashable {
    /// Each grouped source → the index of its group.
    private let groupOf: [String: Int]
    /// The groups as declared, each in declared order.
    public let groups: [[String]]

    /// No groups: a reversal counts only from its payment's exact source.
    public static let none = SourceGroups(checked: [])

    private init(checked groups: [[String]]) {
        self.groups = groups
        var index: [String: Int] = [:]
        for (i, group) in groups.enumerated() {
            for source in group { index[source] = i }
        }
        groupOf = index
    }

    /// Checks the groups: every source is a CloudEvents `source` (1–256 characters, no white
    /// space or control characters), a group holds at least two sources, and no source is
    /// in two groups (or twice in one).
    public init(_ groups: [[String]]) throws(SourceGroupsError) {
        var seen: Set<String> = []
        for (number, group) in zip(1..., groups) {
            guard group.count >= 2 else {
                throw SourceGroupsError("group \(number) must name at least two sources, it names \(group.count)")
            }
            for source in group {
                guard !source.isEmpty, source.utf8.count <= 256 else {
                    throw SourceGroupsError("group \(number): a source must be 1–256 characters")
                }
                guard !source.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) else {
                    throw SourceGroupsError("group \(number): the source '\(source)' must not contain white space or control characters")
                }
                guard seen.insert(source).inserted else {
                    throw SourceGroupsError("the source '\(source)' is named twice: a source belongs to one group")
                }
            }
        }
        self.init(checked: groups)
    }

    /// Reads the setting's text (see the type's comment); empty text is no groups.
    public init(setting text: String) throws(SourceGroupsError) {
        let groups = text.split(separator: ";", omittingEmptySubsequences: false)
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace } }
            .filter { $0 != [""] }
        try self.init(groups)
    }

    /// True when `a` and `b` are the same source or declared to be one upstream.
    public func sameUpstream(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        guard let ga = groupOf[a], let gb = groupOf[b] else { return false }
        return ga == gb
    }
}

/// Why a source-group setting was refused, naming the group and the rule.
public struct SourceGroupsError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
