/// The JSON layout of `ENROLLMENT_TOKENS_FILE`:
/// `{"tokens":[{"name":"school-42","sha256":"<hex>","sources":["/schools/42"],"types":["insurance.enrollment.registered.v1"]}]}`.
/// `types` may be left out: the token may then send every type (the layout before types existed).
struct TokenFile: Decodable {
    struct Entry: Decodable {
        var name: String
        var sha256: String
        var sources: [String]
        var types: [String]?
    }

    var tokens: [Entry]
}
