import Foundation
import InsuranceDomain
import SampleCity
import Testing

extension SystemSuites {
    /// Issue 7, first case: events come in through the enrollment service's HTTP intake and
    /// straight on Kafka; coverage comes out through PostgreSQL and the benefits service's HTTP.
    @Suite("System: events in, coverage out", .serialized, .timeLimit(.minutes(5)))
    struct EndToEndTests {
        @Test("HTTP and Kafka in; the contract tables and GET coverage equal the domain library's answer")
        func eventsInCoverageOut() async throws {
            try await Pipeline.with("flow") { pipeline in
                try await pipeline.startBenefits()
                try await pipeline.startEnrollment()
                let city = SampleCity(SampleCityOptions(persons: 400, seed: 7_001))

                // Even persons' valid events through HTTP (the door refuses broken ones);
                // odd persons' events, broken ones included, straight on Kafka.
                var viaHTTP: [SampleEvent] = []
                var viaKafka: [SampleEvent] = []
                for index in 0..<city.options.persons {
                    for event in city.events(ofPerson: index) {
                        if index.isMultiple(of: 2) && !event.isFaulty { viaHTTP.append(event) } else { viaKafka.append(event) }
                    }
                }
                let feed = try EventFeed(bootstrapServers: pipeline.stack.bootstrapServers, topics: pipeline.topics)
                try await EnrollmentIntake.post(viaHTTP, port: pipeline.enrollmentPort, batchSize: 250)
                try await feed.publish(viaKafka)
                await feed.close()

                let expected = ExpectedOutcome(lines: (viaHTTP + viaKafka).map(\.json))
                #expect(viaKafka.contains { $0.isFaulty }, "the city must hold broken events for this test to mean anything")
                #expect(!expected.coverage.isEmpty)
                let differences = try await pipeline.waitForTables(toEqual: expected, timeout: .seconds(120))
                #expect(differences.isEmpty, "tables differ from the direct answer:\n\(differences.joined(separator: "\n"))\n\(pipeline.logs)")

                // The HTTP answer of a spread of persons, with and without periods.
                let everyone = (0..<city.options.persons).map(city.personId)
                for personId in stride(from: 0, to: everyone.count, by: 16).map({ everyone[$0] }) {
                    let answer = try await HTTPCall.get(
                        port: pipeline.benefitsPort,
                        "/v1/persons/\(personId)/coverage",
                        token: Pipeline.benefitsToken
                    )
                    let wanted = expected.periodsByPerson[personId] ?? []
                    if wanted.isEmpty && answer.status == 404 { continue }
                    #expect(answer.status == 200, "GET coverage of \(personId): \(answer.status) \(answer.body.prefix(200))")
                    guard answer.status == 200 else { continue }
                    #expect(try CoverageAnswer.periods(personId: personId, json: answer.body) == wanted, "GET coverage of \(personId)")
                }
                // `?on=` answers for that day: covered on a period's first day, not the day before it
                // (each person here has one period a year, so the day before lies outside every period).
                for row in expected.coverage.prefix(5) where (expected.periodsByPerson[row.personId] ?? []).count == 1 {
                    let first = try await HTTPCall.get(
                        port: pipeline.benefitsPort,
                        "/v1/persons/\(row.personId)/coverage?on=\(row.startsOn)",
                        token: Pipeline.benefitsToken
                    )
                    #expect(first.status == 200, "GET coverage?on= of \(row.personId): \(first.status) \(first.body.prefix(200))")
                    #expect(try CoverageAnswer.coveredOnDay(personId: row.personId, json: first.body), "\(row.personId) on \(row.startsOn)")
                    let dayBefore = try #require(LocalDate(row.startsOn)).adding(days: -1).description
                    let before = try await HTTPCall.get(
                        port: pipeline.benefitsPort,
                        "/v1/persons/\(row.personId)/coverage?on=\(dayBefore)",
                        token: Pipeline.benefitsToken
                    )
                    #expect(try !CoverageAnswer.coveredOnDay(personId: row.personId, json: before.body), "\(row.personId) on \(dayBefore)")
                }
            }
        }
    }
}
