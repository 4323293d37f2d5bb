/// The JSON layout of `BENEFITS_TOKENS_FILE`:
/// `{"tokens":[{"name":"call-centre","sha256":"<hex SHA-256 of the token>","scopes":["read"]}]}`;
/// `scopes` may be left out (`["read"]`).
struct ReaderTokenFile: Decodable {
    struct Entry: Decodable {
        var name: String
        var sha256: String
        var scopes: [String]?
    }

    var tokens: [Entry]
}
