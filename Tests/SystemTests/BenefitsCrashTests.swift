import Foundation
import SampleCity
import Testing

extension SystemSuites {
    /// Issue 6: the benefits service SIGKILLed at seeded random moments while 100,000 events
    /// stream through, restarted each time; at the end the tables equal the direct answer.
    @Suite("System: benefits service killed repeatedly", .serialized, .timeLimit(.minutes(6)))
    struct BenefitsCrashTests {
        /// `SYSTEM_FAULT_SEED` replays a failing schedule; the default is fixed.
        static let seed = UInt64(ProcessInfo.processInfo.environment["SYSTEM_FAULT_SEED"] ?? "") ?? 6

        @Test("5–8 SIGKILLs of the benefits service during 100,000 events lose nothing and change nothing")
        func survivesRepeatedKills() async throws {
            try await Pipeline.with("crash") { pipeline in
                var random = SplitMix64(seed: Self.seed)
                let city = SampleCity(SampleCityOptions(persons: 30_000, seed: 7_006))
                var generated: [SampleEvent] = []
                var persons = 0
                while generated.count < 100_000 {
                    generated += city.events(ofPerson: persons)
                    persons += 1
                }
                let events = generated
                let expected = ExpectedOutcome(lines: events.map(\.json))
                try await pipeline.startBenefits()
                let feed = try EventFeed(bootstrapServers: pipeline.stack.bootstrapServers, topics: pipeline.topics)

                // The stream: 50 chunks with short gaps, so kills land before, during and after it.
                let started = ContinuousClock.now
                let stream = Task {
                    let chunk = (events.count + 49) / 50
                    for start in stride(from: 0, to: events.count, by: chunk) {
                        try await feed.publish(events[start..<min(start + chunk, events.count)])
                        try await Task.sleep(for: .milliseconds(300))
                    }
                }
                let kills = Int.random(in: 5...8, using: &random)
                var schedule: [String] = []
                for kill in 1...kills {
                    let wait = Duration.milliseconds(Int.random(in: 500...4_000, using: &random))
                    try await Task.sleep(for: wait)
                    guard let benefits = pipeline.running("benefits-service") else { break }
                    await benefits.kill()
                    schedule.append("kill \(kill) at \(ContinuousClock.now - started)")
                    try await pipeline.startBenefits()
                }
                try await stream.value
                await feed.close()

                let differences = try await pipeline.waitForTables(toEqual: expected, timeout: .seconds(150))
                #expect(
                    differences.isEmpty,
                    """
                    after \(kills) kills (seed \(Self.seed): \(schedule.joined(separator: ", "))) over \(events.count) events \
                    the tables differ from the direct answer:
                    \(differences.joined(separator: "\n"))
                    \(pipeline.logs)
                    """
                )
            }
        }
    }
}
