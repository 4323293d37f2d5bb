import InsuranceDomain
import RuleTables
import Testing

@Suite("Benefit estimate")
struct BenefitEstimatorTests {
    @Test("rules and multipliers", arguments: EstimateTable.cases)
    func rule(_ c: EstimateCase) throws {
        let coverage = Fixtures.evaluate(EstimateCase.person, c.events)
        let estimate = try BenefitEstimator.estimate(c.visit, coverage: coverage, policy: Fixtures.policy).get()
        #expect(estimate.covered == c.covered)
        #expect(estimate.payableFen == c.payableFen)
        #expect(estimate.rate == c.rate)
        #expect(estimate.capRemainingFen == c.capRemainingFen)
        #expect(estimate.reason == c.reason)
        #expect((estimate.reason == nil) == (estimate.explanation == nil))
    }

    @Test("bad visits name the field", arguments: EstimateTable.problems)
    func problem(_ c: EstimateProblemCase) {
        let coverage = Fixtures.evaluate(EstimateCase.person, EstimateCase.child())
        switch BenefitEstimator.estimate(c.visit, coverage: coverage, policy: Fixtures.policy) {
        case .success(let estimate): Issue.record("expected a problem with \(c.field), got \(estimate)")
        case .failure(let problem): #expect(problem.field == c.field)
        }
    }

    @Test("the deductible is the insured's; a cost at or below it pays nothing")
    func deductible() throws {
        var rates = BenefitRates.published2024
        rates.inpatientDeductibleFen = [50_000, 60_000, 70_000]
        rates.deductibleAssumed = false
        let policy = try Self.policy2024(rates)
        let coverage = CoverageEngine.evaluate(personId: EstimateCase.person, events: EstimateCase.child(), policy: policy)
        let above = try BenefitEstimator.estimate(EstimateCase.visit(.inpatient, 150_000, level: 1), coverage: coverage, policy: policy).get()
        #expect(above.payableFen == 92_000)
        #expect(above.reason == "deductible")
        #expect(above.assumedParameters == false)
        let below = try BenefitEstimator.estimate(EstimateCase.visit(.inpatient, 60_000, level: 2), coverage: coverage, policy: policy).get()
        #expect(below.payableFen == 0)
        #expect(below.reason == "below_deductible")
    }

    @Test("a year without figures carries the latest forward, marked assumed; the bundled deductible is assumed")
    func carriedForward() throws {
        let events = [
            Fixtures.registered(EstimateCase.person, born: "2015-03-07", applied: "2024-08-01", category: .pupil),
            Fixtures.paid(EstimateCase.person, year: 2025, at: "2025-09-10T10:00:00+08:00"),
            Fixtures.facility(EstimateCase.person, code: "SK-1", kind: .communityHealthCentre, on: "2025-10-05"),
        ]
        let coverage = Fixtures.evaluate(EstimateCase.person, events)
        let visit = EstimateCase.visit(.outpatient, 10_000, on: "2025-11-01")
        let later = try BenefitEstimator.estimate(visit, coverage: coverage, policy: Fixtures.policy).get()
        #expect(later.policyYear == 2025)
        #expect(later.payableFen == 7_500)
        #expect(later.assumedParameters)

        let now = Fixtures.evaluate(EstimateCase.person, EstimateCase.child())
        let published = try BenefitEstimator.estimate(EstimateCase.visit(.outpatient, 10_000), coverage: now, policy: Fixtures.policy).get()
        #expect(published.assumedParameters == false)
        let inpatient = try BenefitEstimator.estimate(EstimateCase.visit(.inpatient, 10_000, level: 1), coverage: now, policy: Fixtures.policy).get()
        #expect(inpatient.assumedParameters, "the deductible of 0 is assumed")

        // A year's own figures win over the carried ones.
        var richer = BenefitRates.published2024
        richer.outpatientRateBasisPoints = [8000, 7000, 6000]
        let policy = try PolicyBook(years: [
            try #require(Fixtures.policy.listedYear(2024)),
            PolicyYear(
                policyYear: 2025,
                windowOpensOn: Fixtures.date("2025-09-01"),
                windowClosesOn: Fixtures.date("2025-09-30"),
                individualPremiumFen: 43632,
                subsidyFen: 87264,
                benefits: richer
            ),
        ])
        let own = try BenefitEstimator.estimate(visit, coverage: coverage, policy: policy).get()
        #expect(own.payableFen == 8_000)
        #expect(policy.benefits(for: 2026).rates == richer)
        #expect(policy.benefits(for: 2026).assumed)
        #expect(policy.benefits(for: 2023).rates == BenefitRates.published2024, "before the first year with figures: the earliest")
    }

    @Test("policy figures that cannot be used are refused with the year and the field")
    func badFigures() {
        var rates = BenefitRates.published2024
        rates.outpatientRateBasisPoints = [7500, 6500]
        #expect(throws: PolicyBookError.self) { try Self.policy2024(rates) }
        rates = .published2024
        rates.elsewhereEmergencyBasisPoints = 10_001
        #expect(throws: PolicyBookError.self) { try Self.policy2024(rates) }
        rates = .published2024
        rates.outpatientAnnualCapFen = -1
        do {
            _ = try Self.policy2024(rates)
            Issue.record("a negative cap was accepted")
        } catch {
            #expect("\(error)".contains("2024"))
            #expect("\(error)".contains("outpatientAnnualCapFen"))
        }
    }

    @Test("the bundled policy file gives 2024's figures")
    func bundled() {
        let (rates, assumed) = Fixtures.policy.benefits(for: 2024)
        #expect(rates == BenefitRates.published2024)
        #expect(assumed == false)
        #expect(rates.outpatientAnnualCapFen == 247_131)
    }

    static func policy2024(_ rates: BenefitRates) throws -> PolicyBook {
        try PolicyBook(years: [
            PolicyYear(
                policyYear: 2024,
                windowOpensOn: Fixtures.date("2024-09-01"),
                windowClosesOn: Fixtures.date("2024-09-30"),
                individualPremiumFen: 43632,
                subsidyFen: 87264,
                benefits: rates
            )
        ])
    }
}
