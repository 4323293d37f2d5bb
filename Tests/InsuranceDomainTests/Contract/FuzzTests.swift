import RuleTables
import SampleCity
import Testing

@testable import InsuranceDomain

/// Truncated and mutated events: the decoder answers every one (accepts or lists problems),
/// never crashes. Bounded: a fixed number of inputs from a seeded generator.
@Suite struct FuzzTests {
    @Test(arguments: InsuranceEventType.allCases)
    func truncationsAreRejectedWithProblems(type: InsuranceEventType) {
        let json = Fixtures.json(type: type.rawValue, data: Fixtures.validData[type]!)
        for length in 0..<json.count {
            guard case .failure(let error) = EventIntake.validate(json: Array(json[0..<length]), policy: Fixtures.policy) else {
                Issue.record("truncation to \(length) bytes was accepted")
                continue
            }
            #expect(!error.problems.isEmpty)
        }
    }

    @Test func mutationsNeverCrash() {
        var rng = SplitMix64(seed: 20_241_001)
        let alphabet = Array(#"{}[]":,-0123456789.eE+tfnulXx\ "#.utf8) + [0x00, 0xFF, 0xC3, 0x80]
        var accepted = 0
        var rejected = 0
        for round in 0..<3000 {
            let type = InsuranceEventType.allCases[round % InsuranceEventType.allCases.count]
            var bytes = Fixtures.json(type: type.rawValue, data: Fixtures.validData[type]!)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[at] = alphabet.randomElement(using: &rng)!
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet.randomElement(using: &rng)!, at: at)
                }
                if bytes.isEmpty { break }
            }
            switch EventIntake.validate(json: bytes, policy: Fixtures.policy) {
            case .success: accepted += 1
            case .failure(let e):
                rejected += 1
                #expect(!e.problems.isEmpty)
            }
        }
        #expect(accepted + rejected == 3000)
        #expect(rejected > 1000)
    }

    @Test func deepNestingIsRefusedNotOverflowed() {
        let deep = Array(String(repeating: "[", count: 100_000).utf8)
        guard case .failure(let e) = EventIntake.validate(json: deep, policy: Fixtures.policy) else {
            Issue.record("accepted")
            return
        }
        #expect(e.problems.first?.rule.contains("nesting deeper than 64") == true)
    }
}
