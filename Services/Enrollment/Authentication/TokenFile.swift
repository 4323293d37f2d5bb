/// The JSON layout of `ENROLLMENT_TOKENS_FILE`:
/// `{"tokens":[{"name":"school-42","sha256":"<hex>","sources":["/schools/42"]}]}`.
struct TokenFile: Decodable {
    struct Entry: Decodable {
        var name: String
        var sha256: String
        var sources: [String]
    }

    var tokens: [Entry]
}
