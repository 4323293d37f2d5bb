/// A row of `rejections_by_reason` without its counts and times: type (nil when the
/// record named none) and reason.
struct RefusalKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    let type: String?
    let reason: String

    static func < (lhs: RefusalKey, rhs: RefusalKey) -> Bool {
        (lhs.type ?? "", lhs.reason) < (rhs.type ?? "", rhs.reason)
    }

    var description: String { "\(type ?? "(no type)"): \(reason.prefix(80))" }
}
