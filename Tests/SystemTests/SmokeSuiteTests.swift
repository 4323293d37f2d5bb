import ChildProcess
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
            try await Pipeline.with("smoke-pass") { pipeline in
                try await pipeline.startBenefits()
                try await pipeline.startEnrollment()
                let smoke = try SmokeProcess.launch(against: pipeline, waitSeconds: 120)
                let status = await smoke.process.exitStatus(timeout: .seconds(200))
                let report = smoke.output
                #expect(status == 0, "smoke exited \(status.map(String.init) ?? "(killed after 200 s)"):\n\(report)")
                #expect(report.contains("smoke: PASSED"), "\(report)")
                for check in [
                    "structured mode", "batched mode", "binary mode", "straight to Kafka", "stored or refused",
                    "coverage API", "analyst covered_on", "analyst coverage_by_month",
                    "analyst rejections_by_reason", "analyst cannot read events",
                ] {
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
                #expect(
                    report.contains("cannot reach the benefits service at http://127.0.0.1:\(pipeline.benefitsPort)"),
                    "the report must name the unreachable service:\n\(report)"
                )
                #expect(!report.contains("Fatal error"), "a crash is not a readable reason:\n\(report)")
            }
        }

        /// This branch's enrollment service does not read binary mode yet, so the encoding is
        /// proven against a third party: a stand-in that decodes each request with the
        /// CloudEvents SDK for Python and compares it with the structured original.
        @Test("binary-mode requests decode with the CloudEvents SDK to the structured originals")
        func binaryModeMatchesTheSDK() async throws {
            try await Pipeline.with("smoke-binary") { pipeline in
                try await pipeline.startBenefits()  // migrates the database the suite reads its baseline from
                let root = pipeline.stack.repositoryRoot
                let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("smoke-binary-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: scratch) }
                let seed: UInt64 = 4_242
                let persons = 60
                let city = try await ChildProcess.run(
                    pipeline.stack.binary("insurance-sample"),
                    ["generate", "--persons", String(persons), "--seed", String(seed)],
                    output: .standardOutput,
                    timeout: .seconds(60)
                )
                try city.output.write(to: scratch.appendingPathComponent("city.ndjson"), atomically: true, encoding: .utf8)
                let portFile = scratch.appendingPathComponent("port").path
                let capture = try ServiceProcess.launch(
                    name: "ce_binary_capture",
                    executable: "/usr/bin/env",
                    arguments: [
                        "python3", "\(root)/Tests/Support/ce_binary_capture.py", scratch.appendingPathComponent("city.ndjson").path, portFile, "150",
                    ],
                    environment: ProcessInfo.processInfo.environment,
                    logPath: scratch.appendingPathComponent("capture.log").path
                )
                var port: String?
                // Up to a minute for python3 and the CloudEvents SDK to start on a loaded machine.
                for _ in 0..<600 where port == nil {
                    port = try? String(contentsOfFile: portFile, encoding: .utf8)
                    if port?.isEmpty ?? true {
                        port = nil
                        try await Task.sleep(for: .milliseconds(100))
                    }
                }
                let smoke = try SmokeProcess.launch(
                    against: pipeline,
                    waitSeconds: 1,
                    persons: persons,
                    seed: seed,
                    enrollmentURL: "http://127.0.0.1:\(port ?? "0")"
                )
                _ = await smoke.process.exitStatus(timeout: .seconds(60))
                // The sender is done: the capture stops serving and reports.
                _ = FileManager.default.createFile(atPath: portFile + ".done", contents: Data())
                let captured = await capture.exitStatus(timeout: .seconds(30))
                let log = capture.logTail(lines: 20)
                #expect(captured == 0, "the CloudEvents SDK disagrees (python3 -m pip install cloudevents==1.11.0):\n\(log)\n\(smoke.output)")
                #expect(log.contains("differences 0"), "\(log)")
                #expect(smoke.output.contains("PASS    binary mode"), "\(smoke.output)")
            }
        }
    }
}
