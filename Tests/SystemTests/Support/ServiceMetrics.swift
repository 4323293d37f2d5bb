/// A service's `GET /metrics` page (Prometheus text format), read for assertions.
struct ServiceMetrics: Sendable {
    let text: String

    static func read(port: Int) async throws -> ServiceMetrics {
        let answer = try await HTTPCall.get(port: port, "/metrics")
        guard answer.status == 200 else { throw SystemTestError("GET /metrics on port \(port) answered \(answer.status)") }
        return ServiceMetrics(text: answer.body)
    }

    /// The page once the benefits service has committed `records` records of fresh topics
    /// (the sum of `benefits_committed_offset`): its counters are recorded after a batch's
    /// commit, a moment after the tables show the batch's rows.
    static func afterCommitting(_ records: Int, port: Int, within limit: Duration = .seconds(30)) async throws -> ServiceMetrics {
        let deadline = ContinuousClock.now + limit
        var metrics = try await read(port: port)
        while metrics.sum("benefits_committed_offset") != Double(records) {
            guard ContinuousClock.now < deadline else {
                throw SystemTestError(
                    "benefits_committed_offset sums to \(metrics.sum("benefits_committed_offset") ?? 0), not \(records), after \(limit)"
                )
            }
            try await Task.sleep(for: .milliseconds(200))
            metrics = try await read(port: port)
        }
        return metrics
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
