/// What a benefits token may do. Today every route of the service only reads; a scope is
/// named anyway so that a later writing operation cannot be reached with a reader's token.
public enum ReaderScope: String, Sendable, Hashable, CaseIterable {
    /// `GET /v1/...` and the HTML pages.
    case read
}
