import ServiceSupport
import Testing

@testable import Benefits

/// The recompute's progress lines, as an operator reads them in a log.
@Suite("Recompute progress output")
struct ProgressOutputTests {
    @Test("a plain line: persons, percent, rate, ETA, counters and where to continue")
    func plainLine() {
        let progress = RecomputeProgress(
            processed: 500,
            total: 2000,
            elapsed: .seconds(2),
            periods: 640,
            familyLinked: 3,
            lastPerson: "P7-0000499"
        )
        #expect(
            PlainProgressLines<RecomputeProgress>.line(progress)
                == "progress: 500/2000 persons (25%), 250 persons/s, ETA 6s, periods 640, family-linked 3, after \"P7-0000499\"\n"
        )
    }

    @Test("more persons than the estimate: the fraction stops at 100% and the ETA at 0")
    func beyondTheEstimate() {
        let progress = RecomputeProgress(
            processed: 120,
            total: 100,
            elapsed: .seconds(1),
            periods: 0,
            familyLinked: 0,
            lastPerson: nil
        )
        #expect(progress.fraction == 1 && progress.etaSeconds == 0)
        #expect(
            PlainProgressLines<RecomputeProgress>.line(progress)
                == "progress: 120/100 persons (100%), 120 persons/s, ETA 0s, periods 0, family-linked 0\n"
        )
    }
}
