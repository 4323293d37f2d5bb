import InsuranceDomain
import Kafka
import Logging
import Settings
import Synchronization

/// The coverage change feed (`KAFKA_TOPIC_COVERAGE`) read as a downstream system reads it: from
/// the beginning, in a group of its own, keeping the highest revision per person. Passes when,
/// for every person of the city, the latest revision's periods are the engine's (a person the
/// engine gives no period has no revision, or a latest one with none).
struct CoverageFeedCheck: Sendable {
    let environment: ServiceEnvironment

    /// The highest revision seen per person, and its periods as `CoverageAPICheck.lines` writes them.
    final class Latest: Sendable {
        let state = Mutex<[String: (revision: Int, periods: [String])]>([:])
    }

    func check(_ expected: SmokeExpectation, until deadline: ContinuousClock.Instant) async -> SmokeCheck {
        let name = "coverage feed"
        let topic = environment.string("KAFKA_TOPIC_COVERAGE", default: "insurance.coverage.v1")
        let consumer: KafkaConsumer
        do {
            var configuration = try KafkaConsumerConfiguration.fromEnvironment(
                environment,
                groupID: "insurance-smoke-feed-\(UInt32.random(in: 0...UInt32.max))",
                topics: [topic]
            )
            configuration.autoOffsetReset = "earliest"
            var logger = Logger(label: "insurance-smoke-feed")
            logger.logLevel = .error
            consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        } catch {
            return .fail(name, "cannot consume \(topic): \(SmokeFailure.brief(error))")
        }
        let latest = Latest()
        let running = Task { try? await consumer.run() }
        let reading = Task {
            for await batch in consumer.batches(maxCount: 1_000, maxWait: .milliseconds(100)) {
                latest.state.withLock { state in
                    for message in batch {
                        guard let (personId, revision, periods) = Self.change(message.value) else { continue }
                        if revision > (state[personId]?.revision ?? 0) { state[personId] = (revision, periods) }
                    }
                }
            }
        }
        defer {
            consumer.triggerGracefulShutdown()
            reading.cancel()
            running.cancel()
        }
        var differences: [String] = []
        while true {
            let seen = latest.state.withLock { $0 }
            differences = expected.personIds.compactMap { personId in
                let want = CoverageAPICheck.periodLines(expected.coverage[personId]?.periods ?? [])
                let got = seen[personId]?.periods ?? []
                return got == want ? nil : "\(personId): latest revision \(seen[personId]?.revision ?? 0) has \(got), expected \(want)"
            }
            if differences.isEmpty {
                let persons = expected.personIds.filter { seen[$0] != nil }.count
                return .pass(name, "the latest revision of each of \(persons) persons on \(topic) equals the engine's periods")
            }
            if ContinuousClock.now >= deadline { return .fail(name, SmokeComparison.summary(differences)) }
            try? await Task.sleep(for: .milliseconds(500))
        }
    }

    /// personId, revision and periods of one `insurance.coverage.changed.v1` record; nil when it
    /// is not one (the check then goes on to the next).
    static func change(_ value: [UInt8]) -> (String, Int, [String])? {
        guard let event = try? JSONParser.parse(value), event["type"]?.stringValue == "insurance.coverage.changed.v1",
            let data = event["data"], let personId = data["personId"]?.stringValue, let revision = data["revision"]?.intValue,
            case .array(let periods)? = data["periods"], let lines = CoverageAPICheck.periodLines(periods)
        else { return nil }
        return (personId, revision, lines)
    }
}
