/// Why an import could not run at all (as opposed to single rows being rejected).
public enum ImportError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String)
    case header(String)
    case empty
    case publishing(published: Int, reason: String)
    /// No token, or one that is not configured: nothing was read or published.
    case unauthenticated(String)
    /// The token does not cover the file's source (`--source`) or event type (`--kind`).
    case forbidden(field: String, rule: String)

    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read \(path)"
        case .header(let reason): "line 1 (header): \(reason)"
        case .empty: "the file has no header row"
        case .publishing(let published, let reason):
            "publishing stopped after \(published) events: \(reason); re-run the same file, already published rows are harmless duplicates"
        case .unauthenticated(let reason): "access refused: \(reason); nothing was published"
        case .forbidden(let field, let rule): "access refused: \(field): \(rule); nothing was published"
        }
    }
}
