import Foundation
import Testing

extension SystemSuites {
    /// Issue 17: the smoke suite (`insurance-sample smoke`) that a compose pipeline runs, proven
    /// here against both services as processes: it passes when the system works, and exits
    /// non-zero with a reason a person can read when a service goes away mid-run.
    @Suite("System: smoke suite", .serialized, .timeLimit(.minutes(5)))
    struct SmokeSuiteTests {
        @Test("passes against both services: every check of the one-screen report")
        func passesAgainstBothServices() async throws {
            try await Pipeline.with("smoke") { pipeline in
                try await pipeline.startBenefits()
                try await pipeline.startEnrollment()
                let smoke = try SmokeProcess.launch(against: pipeline, waitSeconds: 120)
                let status = await smoke.process.exitStatus(timeout: .seconds(200))
                let report = smoke.output
                #expect(status == 0, "smoke exited \(status.map(String.init) ?? "(killed after 200 s)"):\n\(report)")
                #expect(report.contains("smoke: PASSED"), "\(report)")
                for check in ["structured mode", "batched mode", "binary mode", "straight to Kafka", "stored or refused",
                              "coverage API", "analyst covered_on", "analyst coverage_by_month",
                              "analyst rejections_by_reason", "analyst cannot read events"] {
                    #expect(report.contains("PASS    \(check)"), "check \(check) did not pass:\n\(report)")
                }
            }
        }

        @Test("exits non-zero naming the benefits service when it is stopped mid-run")
        func failsReadablyWhenBenefitsStops() async throws {
            try await Pipeline.with("smoke-stop") { pipeline in
                let benefits = try await pipeline.startBenefits()
                try await pipeline.startEnrollment()
                let smoke = try SmokeProcess.launch(against: pipeline, waitSeconds: 15)
                // Stopped once the city is on its way in: the wait (or the API after it) must fail.
                let sending = await smoke.waitForOutput("smoke: sending", timeout: .seconds(60))
                #expect(sending, "the smoke suite never started sending:\n\(smoke.output)")
                await benefits.kill()
                let status = await smoke.process.exitStatus(timeout: .seconds(120))
                let report = smoke.output
                #expect(status == 1, "smoke must exit 1, exited \(status.map(String.init) ?? "(killed after 120 s)"):\n\(report)")
                #expect(report.contains("smoke: FAILED"), "\(report)")
                #expect(report.contains("FAIL    stored or refused") || report.contains("FAIL    coverage API"), "\(report)")
                #expect(report.contains("cannot reach the benefits service at http://127.0.0.1:\(pipeline.benefitsPort)"),
                        "the report must name the unreachable service:\n\(report)")
                #expect(!report.contains("Fatal error"), "a crash is not a readable reason:\n\(report)")
            }
        }
    }
}
