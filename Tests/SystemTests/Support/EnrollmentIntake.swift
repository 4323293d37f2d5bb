import SampleCity

/// Posts events to the enrollment service in batches, as an upstream system does: a
/// 503 or a dropped connection (the service may be restarting) is retried with the same
/// events, which the contract makes harmless.
enum EnrollmentIntake {
    static let token = Pipeline.enrollmentToken

    /// Returns the number of retried requests.
    @discardableResult
    static func post(_ events: [SampleEvent], port: Int, batchSize: Int = 500, retryFor: Duration = .seconds(90)) async throws -> Int {
        var retries = 0
        var start = events.startIndex
        while start < events.endIndex {
            let end = min(start + batchSize, events.endIndex)
            let body = "[" + events[start..<end].map(\.json).joined(separator: ",") + "]"
            let deadline = ContinuousClock.now + retryFor
            while true {
                let answer: HTTPCall.Answer?
                do {
                    answer = try await HTTPCall.post(
                        port: port,
                        "/v1/events",
                        contentType: "application/cloudevents-batch+json",
                        token: token,
                        body: body
                    )
                } catch {
                    answer = nil
                }
                if let answer, answer.status == 202 { break }
                if let answer, answer.status != 503 {
                    throw SystemTestError("the enrollment service answered \(answer.status) to a batch of valid events: \(answer.body.prefix(500))")
                }
                guard ContinuousClock.now < deadline else {
                    throw SystemTestError(
                        "the enrollment service did not take a batch within \(retryFor) (last: \(answer.map { "\($0.status)" } ?? "no connection"))"
                    )
                }
                retries += 1
                try await Task.sleep(for: .milliseconds(250))
            }
            start = end
        }
        return retries
    }
}
