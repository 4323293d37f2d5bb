import Foundation
import SampleCity
import Testing

extension SystemSuites {
    /// Issue 7, second case: everything that goes wrong in production, in one stream — each
    /// service SIGKILLed and restarted, the broker frozen, PostgreSQL restarted, a flood of
    /// malformed events. Nothing may be lost and the answer must not change.
    @Suite("System: faults mid-stream", .serialized, .timeLimit(.minutes(8)))
    struct FaultToleranceTests {
        @Test("kills, a paused broker, a PostgreSQL restart and a malformed flood leave the direct answer")
        func survivesFaults() async throws {
            try await Pipeline.with("faults") { pipeline in
                try await pipeline.startBenefits()
                try await pipeline.startEnrollment()
                let city = SampleCity(SampleCityOptions(persons: 2_000, seed: 7_002))
                let feed = try EventFeed(bootstrapServers: pipeline.stack.bootstrapServers, topics: pipeline.topics)
                var sent: [String] = []

                // Ten slices of persons; even slices through HTTP (valid only, broken ones on Kafka), odd ones on Kafka.
                let slices = 10
                func slice(_ k: Int) -> [SampleEvent] {
                    let persons = city.options.persons
                    return (k * persons / slices..<(k + 1) * persons / slices).flatMap { city.events(ofPerson: $0) }
                }
                func send(_ k: Int) async throws {
                    let events = slice(k)
                    if k.isMultiple(of: 2) {
                        try await EnrollmentIntake.post(events.filter { !$0.isFaulty }, port: pipeline.enrollmentPort)
                        try await feed.publish(events.filter(\.isFaulty))
                    } else {
                        try await feed.publish(events)
                    }
                    sent += events.map(\.json)
                }

                try await send(0)
                // The benefits service dies with a backlog in front of it.
                try await send(1)
                await pipeline.running("benefits-service")?.kill()
                try await pipeline.startBenefits()

                // The enrollment service dies between batches; the client retries into the new one.
                try await send(2)
                await pipeline.running("enrollment-service")?.kill()
                try await pipeline.startEnrollment()
                try await send(3)

                // The broker freezes for 5 s while events are being produced through both doors.
                async let pause: Void = pipeline.stack.pauseBroker(for: .seconds(5))
                try await Task.sleep(for: .milliseconds(200))
                try await send(4)
                try await pause

                // PostgreSQL restarts under a working benefits service.
                try await send(5)
                try await pipeline.stack.restartPostgres()

                // A flood of malformed lines on every topic.
                let flood = MalformedLines.make(count: 3_000, seed: 7_002, tag: pipeline.runName)
                for (index, topic) in [pipeline.topics.enrollments, pipeline.topics.contributions, pipeline.topics.bindings].enumerated() {
                    let part = Array(flood[index * 1_000..<(index + 1) * 1_000])
                    try await feed.publishRaw(part, topic: topic, key: "flood-\(index)")
                    sent += part
                }
                for k in 6..<slices { try await send(k) }
                await feed.close()

                let expected = ExpectedOutcome(lines: sent)
                #expect(expected.refusedCount >= 3_000)
                let differences = try await pipeline.waitForTables(toEqual: expected, timeout: .seconds(180))
                #expect(
                    differences.isEmpty,
                    "after the faults the tables differ from the direct answer:\n\(differences.joined(separator: "\n"))\n\(pipeline.logs)"
                )
            }
        }
    }
}
