/// A service's `GET /metrics` page (Prometheus text format), read for assertions.
struct ServiceMetrics: Sendable {
    let text: String

    static func read(port: Int) async throws -> ServiceMetrics {
        let answer = try await HTTPCall.get(port: port, "/metrics")
        guard answer.status == 200 else { throw SystemTestError("GET /metrics on port \(port) answered \(answer.status)") }
        return ServiceMetrics(text: answer.body)
    }

    /// The sum of every sample of `name` over all its labels; nil when the page has none.
    func sum(_ name: String) -> Double? {
        var total: Double?
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let nameEnd = line.firstIndex { $0 == "{" || $0 == " " } ?? line.endIndex
            guard line[..<nameEnd] == name, let value = line.split(separator: " ").last.flatMap({ Double($0) }) else { continue }
            total = (total ?? 0) + value
        }
        return total
    }
}
