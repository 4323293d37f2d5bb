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
            "stored or refused", "coverage API", "analyst covered_on", "analyst coverage_by_month",
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
