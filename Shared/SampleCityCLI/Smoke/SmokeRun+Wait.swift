import Foundation

extension SmokeRun {
    /// Polls PostgreSQL (as the service's login) until every valid event of the city is in
    /// `events` and every refused line in `rejected_events`, or the deadline passes. A
    /// failure says how far it got and whether the benefits service still answers.
    func waitForStorage(
        _ expected: SmokeExpectation,
        refusalsBefore: Int,
        until deadline: ContinuousClock.Instant,
        http: SmokeHTTP
    ) async -> SmokeCheck {
        let name = "stored or refused"
        let started = ContinuousClock.now
        var last = "nothing read yet"
        while true {
            do {
                let progress = try await SmokeDatabase.progress(settings.postgres, personIds: expected.personIds)
                let refusals = progress.refusals - refusalsBefore
                last = "\(progress.events) of \(expected.storedEvents) events, \(refusals) of \(expected.refusedLines) refusals"
                if progress.events >= expected.storedEvents && refusals >= expected.refusedLines {
                    let seconds = (ContinuousClock.now - started) / .seconds(1)
                    return .pass(name, "\(last) within \(String(format: "%.1f", seconds)) s")
                }
            } catch {
                last = "\(error)"
            }
            if ContinuousClock.now >= deadline {
                return .fail(name, "after \(settings.waitSeconds) s only \(last); \(await benefitsHealth(http))")
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// A few words on the benefits service's state, for a failed wait.
    private func benefitsHealth(_ http: SmokeHTTP) async -> String {
        do {
            let answer = try await http.send(.GET, settings.benefitsURL + "/ready", service: "benefits service", token: settings.benefitsToken)
            return "benefits service /ready answered \(answer.status) \(answer.body.prefix(100))"
        } catch {
            return "\(error)"
        }
    }
}
