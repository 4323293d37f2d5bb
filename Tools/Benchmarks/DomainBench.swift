import ArgumentParser
import InsuranceDomain

/// `insurance-bench domain`: how fast the pure domain library is, on one core.
/// Prints person-histories evaluated per second (typical history: registration, two yearly
/// payments, one facility binding) and events decoded + validated per second, each with its
/// ratio to the benefits service's target of 100k events/s.
struct DomainBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "domain",
        abstract: "Coverage engine person-histories/s and event decode+validate events/s."
    )

    @Option(help: "Person histories to evaluate per round.")
    var persons = 50_000

    @Option(help: "Events to decode and validate per round.")
    var events = 100_000

    @Option(help: "Measured rounds (the best is reported; one warm-up round runs first).")
    var rounds = 3

    static let targetEventsPerSecond = 100_000.0

    func run() async throws {
        let policy = PolicyBook.bundledDefaults
        let histories = (0..<min(persons, 10_000)).map { Self.history(person: "BENCH-\($0)") }
        let eventsPerHistory = histories[0].count

        let evaluate = Self.measure(rounds: rounds) {
            var periods = 0
            for i in 0..<persons {
                let h = histories[i % histories.count]
                periods &+= CoverageEngine.evaluate(personId: h[0].personId, events: h, policy: policy).periods.count
            }
            return periods
        }
        let historiesPerSecond = Double(persons) / evaluate.seconds
        print("coverage engine: \(persons) person-histories (\(eventsPerHistory) events each) in \(format(evaluate.seconds)) s")
        print(
            "  \(format(historiesPerSecond)) person-histories/s = \(format(historiesPerSecond * Double(eventsPerHistory))) events/s,"
                + " \(format(historiesPerSecond * Double(eventsPerHistory) / Self.targetEventsPerSecond))x the 100k events/s target"
        )

        let samples = histories.prefix(2_000).flatMap { $0 }.map(\.structuredJSON)
        let bytes = samples.reduce(0) { $0 + $1.count } / samples.count
        let decode = Self.measure(rounds: rounds) {
            var valid = 0
            for i in 0..<events {
                if case .success = EventIntake.validate(json: samples[i % samples.count], policy: policy) { valid &+= 1 }
            }
            return valid
        }
        guard decode.checksum == events else {
            throw ValidationError("only \(decode.checksum) of \(events) benchmark events validated")
        }
        let eventsPerSecond = Double(events) / decode.seconds
        print("decode+validate: \(events) structured events (~\(bytes) bytes each) in \(format(decode.seconds)) s")
        print("  \(format(eventsPerSecond)) events/s, \(format(eventsPerSecond / Self.targetEventsPerSecond))x the 100k events/s target")
        print("decode+validate+evaluate per event: \(format(1e6 / eventsPerSecond + 1e6 / (historiesPerSecond * Double(eventsPerHistory)))) µs")
    }

    /// A typical person: registered, two on-time yearly payments, one facility binding.
    static func history(person: String) -> [ValidatedEvent] {
        let registered = EnrollmentRegistered(
            personId: person,
            certType: .residentId,
            certNo: "11010519491231002X",
            birthDate: LocalDate("1949-12-31")!,
            hukou: .local,
            category: .universityStudent,
            appliedOn: LocalDate("2024-08-01")!
        )
        let time = Timestamp(rfc3339: "2024-09-10T10:00:00+08:00")!
        return [
            ValidatedEvent(id: "\(person)-r", source: "bench", time: time, event: .enrollmentRegistered(registered)),
            ValidatedEvent(
                id: "\(person)-p24",
                source: "bench",
                time: time,
                event: .contributionPaid(
                    ContributionPaid(
                        paymentId: "\(person)-T24",
                        personId: person,
                        policyYear: 2024,
                        amountFen: 43632,
                        dueFen: 43632,
                        paidAt: Timestamp(rfc3339: "2024-09-10T10:00:00+08:00")!
                    )
                )
            ),
            ValidatedEvent(
                id: "\(person)-p25",
                source: "bench",
                time: time,
                event: .contributionPaid(
                    ContributionPaid(
                        paymentId: "\(person)-T25",
                        personId: person,
                        policyYear: 2025,
                        amountFen: 43632,
                        dueFen: 43632,
                        paidAt: Timestamp(rfc3339: "2025-08-20T10:00:00+08:00")!
                    )
                )
            ),
            ValidatedEvent(
                id: "\(person)-b",
                source: "bench",
                time: time,
                event: .facilityBinding(
                    FacilityBinding(
                        personId: person,
                        facilityCode: "SK-0001",
                        facilityKind: .communityHealthCentre,
                        boundOn: LocalDate("2024-10-02")!
                    )
                )
            ),
        ]
    }

    /// The best of `rounds` timed runs of `body` after one warm-up run, and its result.
    static func measure(rounds: Int, _ body: () throws -> Int) rethrows -> (seconds: Double, checksum: Int) {
        let clock = ContinuousClock()
        var checksum = try body()
        var best = Double.infinity
        for _ in 0..<max(1, rounds) {
            let start = clock.now
            checksum = try body()
            best = min(best, (clock.now - start).inSeconds)
        }
        return (best, checksum)
    }

    private func format(_ value: Double) -> String {
        if value >= 100 { return String(Int(value.rounded())) }
        let scaled = (value * 100).rounded() / 100
        return String(scaled)
    }
}
