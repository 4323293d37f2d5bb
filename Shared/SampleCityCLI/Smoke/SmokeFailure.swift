/// A step that could not be done, in words a pipeline log reader understands.
struct SmokeFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }

    /// What an underlying error says, shortened to fit one report line.
    static func brief(_ error: Any, limit: Int = 160) -> String {
        let text = String(describing: error).replacingOccurrences(of: "\n", with: " ")
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }
}
