import ArgumentParser
import InsuranceDomain

/// `insurance-bench intake`: the enrollment intake's CPU work on one core, without HTTP or
/// Kafka: the syntax scan that splits a batch body into its events, then decode + validate
/// of each event. Prints events/s for batches and for single-event bodies.
struct IntakeBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake",
        abstract: "Enrollment intake CPU: batch split + decode + validate, events/s (no HTTP, no Kafka)."
    )

    @Option(help: "Events per batch body.")
    var batchSize = 500

    @Option(help: "Batch bodies per round.")
    var batches = 200

    @Option(help: "Measured rounds (the best is reported; one warm-up round runs first).")
    var rounds = 5

    func run() async throws {
        let policy = PolicyBook.bundledDefaults
        let bodies = (0..<self.batches).map { request in
            Array(
                ("["
                    + (0..<self.batchSize).map { EnrollmentBench.payment(run: "intake", index: request * self.batchSize + $0) }.joined(separator: ",")
                    + "]").utf8
            )
        }
        let limit = self.batchSize
        let scanOnly = try DomainBench.measure(rounds: self.rounds) {
            var count = 0
            for body in bodies { count &+= try Self.elements(body, limit: limit).count }
            return count
        }
        let scanAndValidate = try DomainBench.measure(rounds: self.rounds) {
            var valid = 0
            for body in bodies {
                for range in try Self.elements(body, limit: limit) {
                    if case .success = EventIntake.validate(json: Array(body[range]), policy: policy) { valid &+= 1 }
                }
            }
            return valid
        }
        let events = self.batches * self.batchSize
        guard scanAndValidate.checksum == events, scanOnly.checksum == events else {
            throw ValidationError("only \(scanAndValidate.checksum) of \(events) benchmark events validated")
        }
        let singles = try Self.elements(bodies[0], limit: limit).map { Array(bodies[0][$0]) }
        let single = try DomainBench.measure(rounds: self.rounds) {
            var valid = 0
            for _ in 0..<self.batches {
                for body in singles {
                    try JSONScan.object(body)
                    if case .success = EventIntake.validate(json: body, policy: policy) { valid &+= 1 }
                }
            }
            return valid
        }
        print("batch split only: \(events) events in batches of \(self.batchSize): \(Self.rate(events, scanOnly.seconds)) events/s")
        print("batch split + decode + validate: \(Self.rate(events, scanAndValidate.seconds)) events/s")
        print("single body check + decode + validate: \(Self.rate(single.checksum, single.seconds)) events/s")
    }

    static func elements(_ body: [UInt8], limit: Int) throws -> [Range<Int>] {
        guard case .ranges(let ranges) = try JSONScan.objectElements(in: body, limit: limit) else { throw ValidationError("batch over the limit") }
        return ranges
    }

    static func rate(_ count: Int, _ seconds: Double) -> Int { Int((Double(count) / seconds).rounded()) }
}
