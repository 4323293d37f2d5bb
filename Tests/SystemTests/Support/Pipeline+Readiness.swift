extension Pipeline {
    /// Polls the benefits service's `/ready` until it answers `status`; returns how long
    /// that took, or throws with the last answer once `timeout` has passed.
    @discardableResult
    func waitForBenefitsReadiness(_ status: Int, timeout: Duration) async throws -> Duration {
        let started = ContinuousClock.now
        var last = "no answer"
        while ContinuousClock.now - started < timeout {
            do {
                let answer = try await HTTPCall.get(port: benefitsPort, "/ready")
                if answer.status == status { return ContinuousClock.now - started }
                last = "\(answer.status) \(answer.body.prefix(200))"
            } catch {
                last = "no answer: \(error)"
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw SystemTestError("benefits-service /ready did not answer \(status) within \(timeout) (last: \(last))")
    }
}
