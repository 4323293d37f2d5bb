extension Pipeline {
    /// Polls the benefits service's `/ready` until it answers `status`; returns how long
    /// that took, or throws with the last answer once `timeout` has passed. A probe left
    /// unanswered for 5 s counts as no answer: readiness must answer quickly to be of use.
    @discardableResult
    func waitForBenefitsReadiness(_ status: Int, timeout: Duration) async throws -> Duration {
        let started = ContinuousClock.now
        var last = "no answer"
        while ContinuousClock.now - started < timeout {
            let left = timeout - (ContinuousClock.now - started)
            if let answer = await HTTPProbe.get(port: benefitsPort, "/ready", within: min(left, .seconds(5))) {
                if answer.status == status { return ContinuousClock.now - started }
                last = "\(answer.status) \(answer.body.prefix(200))"
            } else {
                last = "no answer within \(min(left, .seconds(5)))"
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw SystemTestError("benefits-service /ready did not answer \(status) within \(timeout) (last: \(last))")
    }
}
