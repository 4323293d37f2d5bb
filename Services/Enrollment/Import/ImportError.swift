/// Why an import could not run at all (as opposed to single rows being rejected).
public enum ImportError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String)
    case header(String)
    case empty
    case publishing(published: Int, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read \(path)"
        case .header(let reason): "line 1 (header): \(reason)"
        case .empty: "the file has no header row"
        case .publishing(let published, let reason):
            "publishing stopped after \(published) events: \(reason); re-run the same file, already published rows are harmless duplicates"
        }
    }
}
