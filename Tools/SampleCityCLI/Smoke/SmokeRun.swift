import AsyncHTTPClient
import Foundation
import InsuranceDomain
import SampleCity
import Settings

/// One smoke run: the city in through every door, a bounded wait, then coverage out
/// through the API and the analysts' views, each compared with the domain's direct answer.
struct SmokeRun: Sendable {
    let settings: SmokeSettings
    let environment: ServiceEnvironment

    func run(http: SmokeHTTP, log: @Sendable (String) -> Void) async -> [SmokeCheck] {
        let policy = PolicyBook.bundledDefaults
        let city = SampleCity(
            SampleCityOptions(
                persons: settings.persons,
                seed: settings.seed,
                annualPremiumFen: policy.years.mapValues(\.individualPremiumFen)
            )
        )
        let plan = SmokePlan(events: city.events)
        let expected = SmokeExpectation(lines: plan.lines, day: settings.reportOn, policy: policy)
        var checks: [SmokeCheck] = []
        let later = [
            "stored or refused", "coverage API", "coverage feed", "analyst covered_on", "analyst coverage_by_month",
            "analyst rejections_by_reason", "analyst cannot read events",
        ]

        // Before anything is sent: what the aggregate views already hold (an earlier run's city).
        let before: AnalystViews
        do { before = try await AnalystViews.read(settings, personIds: []) } catch {
            return [SmokeCheck.fail("analyst baseline", "\(error)")] + later.map { SmokeCheck.notRun($0, "no baseline") }
        }
        log("sending \(plan.httpEventCount) events through the enrollment service, \(plan.upstream.count) straight to Kafka")
        let intake = SmokeIntake(sender: EnrollmentSender(http: http, settings: settings))
        do {
            checks.append(try await intake.structured(plan.single))
            checks.append(try await intake.batches(plan.batches))
            checks.append(try await intake.binary(plan.binary))
        } catch {
            checks.append(.fail("enrollment intake", "\(error)"))
            return checks + later.map { SmokeCheck.notRun($0, "the intake did not finish") }
        }
        checks.append(await UpstreamProducer.send(plan.upstream, environment: environment))
        log("sent; waiting up to \(settings.waitSeconds) s for the benefits service")

        let deadline = ContinuousClock.now + .seconds(settings.waitSeconds)
        let stored = await waitForStorage(expected, refusalsBefore: before.refusals.values.reduce(0, +), until: deadline, http: http)
        checks.append(stored)
        guard stored.passed else { return checks + later.dropFirst().map { SmokeCheck.notRun($0, "the events were not all stored") } }

        // The family-account limit is applied just after a batch's rows: compare until equal or the deadline.
        let settle = max(deadline, ContinuousClock.now + .seconds(10))
        checks.append(
            await settled("coverage API", until: settle) {
                let differences = try await CoverageAPICheck(http: http, settings: settings).differences(expected)
                return (differences, "\(expected.personIds.count) persons' periods and status on \(settings.reportOn) agree")
            }
        )
        checks.append(await CoverageFeedCheck(environment: environment).check(expected, until: settle))
        var after = before
        var readError: String?
        _ = await settled("analyst views", until: settle) {
            do { after = try await AnalystViews.read(settings, personIds: expected.personIds) } catch {
                readError = "\(error)"
                return ([], "")
            }
            readError = nil
            return (Self.viewDifferences(before: before, after: after, expected: expected).flatMap { $0 }, "")
        }
        if let readError { return checks + later.suffix(4).map { SmokeCheck.fail($0, readError) } }
        let views = Self.viewDifferences(before: before, after: after, expected: expected)
        checks.append(Self.check("analyst covered_on", views[0], "\(expected.coveredOn.count) rows on \(settings.reportOn) for the city's persons"))
        checks.append(Self.check("analyst coverage_by_month", views[1], "\(expected.byMonth.count) month×basis counts added as expected"))
        checks.append(
            Self.check(
                "analyst rejections_by_reason",
                views[2],
                "\(expected.refusedLines) refusals in \(expected.refusals.count) reasons added as expected"
            )
        )
        checks.append(
            after.eventsDenial == "permission denied"
                ? .pass("analyst cannot read events", "permission denied, as it must be")
                : .fail(
                    "analyst cannot read events",
                    after.eventsDenial.map { "unexpected answer: \($0.prefix(120))" } ?? "the analyst role can read raw events (citizen ID numbers)"
                )
        )
        return checks
    }

    private static func viewDifferences(before: AnalystViews, after: AnalystViews, expected: SmokeExpectation) -> [[String]] {
        [
            SmokeComparison.differences(got: after.coveredOn, expected: expected.coveredOn),
            SmokeComparison.differences(got: SmokeComparison.added(before.byMonth, after.byMonth), expected: expected.byMonth),
            SmokeComparison.differences(got: SmokeComparison.added(before.refusals, after.refusals), expected: expected.refusals),
        ]
    }

    private static func check(_ name: String, _ differences: [String], _ success: String) -> SmokeCheck {
        differences.isEmpty ? .pass(name, success) : .fail(name, SmokeComparison.summary(differences))
    }

    /// Repeats `compare` until it finds no difference or the deadline passes.
    private func settled(
        _ name: String,
        until deadline: ContinuousClock.Instant,
        _ compare: () async throws -> (differences: [String], success: String)
    ) async -> SmokeCheck {
        while true {
            do {
                let (differences, success) = try await compare()
                if differences.isEmpty { return .pass(name, success) }
                if ContinuousClock.now >= deadline { return .fail(name, SmokeComparison.summary(differences)) }
            } catch {
                return .fail(name, "\(error)")
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
    }
}

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

/// One event as the smoke suite sends it: its JSON text and the Kafka key it travels with
/// (the person's number; nil when sent without a key).
struct SmokeLine: Sendable {
    let json: String
    let key: String?
}

/// One line of the smoke report: what was checked, whether it held, and in a few words why not.
struct SmokeCheck: Sendable {
    enum Outcome: String, Sendable {
        case pass = "PASS"
        case fail = "FAIL"
        /// Not run because an earlier step failed; counts as a failure.
        case notRun = "NOT RUN"
    }

    let name: String
    let outcome: Outcome
    let detail: String

    static func pass(_ name: String, _ detail: String) -> SmokeCheck { SmokeCheck(name: name, outcome: .pass, detail: detail) }
    static func fail(_ name: String, _ detail: String) -> SmokeCheck { SmokeCheck(name: name, outcome: .fail, detail: detail) }
    static func notRun(_ name: String, _ detail: String) -> SmokeCheck { SmokeCheck(name: name, outcome: .notRun, detail: detail) }

    var passed: Bool { outcome == .pass }
}

/// The one-screen report: a header naming what was tested, one line per check, a verdict.
struct SmokeReport: Sendable {
    let header: [String]
    let checks: [SmokeCheck]
    let seconds: Double

    var failed: [SmokeCheck] { checks.filter { !$0.passed } }

    var text: String {
        let width = checks.map(\.name.count).max() ?? 0
        var lines = header
        for check in checks {
            let name = check.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let outcome = check.outcome.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            lines.append("  \(outcome) \(name)  \(check.detail)")
        }
        let time = String(format: "%.1f s", seconds)
        if failed.isEmpty {
            lines.append("smoke: PASSED, \(checks.count) checks in \(time)")
        } else {
            lines.append("smoke: FAILED, \(failed.count) of \(checks.count) checks (\(failed.map(\.name).joined(separator: ", "))) in \(time)")
        }
        return lines.joined(separator: "\n")
    }
}
