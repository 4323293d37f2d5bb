import Benefits
import InsuranceDomain

/// A person with two annual years, a gap, a late month-after-payment year, a reversed payment,
/// a stop and accepted and refused bindings: every mark the timeline draws.
enum PagesFixtures {
    static let asOf = LocalDate("2026-11-20")
    /// A valid citizen ID (check character computed) and a name: they must never reach a page.
    static let certNo = CitizenNumber.make("44030520150610123")
    static let name = "王小明"

    static func day(_ text: String) -> LocalDate { LocalDate(text)! }

    /// The bundled page templates, parsed once for every test (a broken template fails here).
    static let templates = try! PageTemplates.bundled()

    static func timeline(personId: String = "P-1001") -> PersonTimeline {
        PersonTimeline(
            personId: personId,
            asOf: asOf,
            registeredOn: day("2023-09-05"),
            periods: [
                CoveragePeriodRow(policyYear: 2023, startsOn: "2023-10-01", endsOn: "2024-09-30", startMonth: "2023-10", basis: "annual"),
                CoveragePeriodRow(policyYear: 2024, startsOn: "2024-10-01", endsOn: "2025-09-30", startMonth: "2024-10", basis: "annual"),
                CoveragePeriodRow(
                    policyYear: 2025,
                    startsOn: "2025-12-01",
                    endsOn: "2026-06-30",
                    startMonth: "2025-12",
                    basis: "month_after_payment"
                ),
            ],
            payments: [
                TimelinePayment(paymentId: "pay-1", policyYear: 2023, amountFen: 42_840, dueFen: 42_840, paidOn: day("2023-09-10")),
                TimelinePayment(paymentId: "pay-2", policyYear: 2024, amountFen: 43_632, dueFen: 43_632, paidOn: day("2024-08-20")),
                TimelinePayment(
                    paymentId: "pay-3",
                    policyYear: 2025,
                    amountFen: 43_632,
                    dueFen: 43_632,
                    paidOn: day("2025-09-12"),
                    reversal: TimelineReversal(reversedOn: day("2025-09-20"), reason: "bank returned the debit")
                ),
                TimelinePayment(paymentId: "pay-4", policyYear: 2025, amountFen: 43_632, dueFen: 43_632, paidOn: day("2025-11-03")),
            ],
            stop: TimelineStop(effectiveOn: day("2026-07-01"), reason: "enrolled in another city"),
            facilityBindings: [
                FacilityBindingRow(
                    facilityCode: "SK-0042",
                    facilityKind: "community_health_centre",
                    boundOn: "2023-10-08",
                    endsOn: "2025-03-01",
                    status: .accepted
                ),
                FacilityBindingRow(
                    facilityCode: "H-3001",
                    facilityKind: "hospital",
                    hospitalLevel: 3,
                    boundOn: "2025-03-02",
                    status: .refused,
                    reason: "a hospital must be of level 2 or below"
                ),
                FacilityBindingRow(facilityCode: "SK-0077", facilityKind: "community_health_centre", boundOn: "2025-03-05", status: .accepted),
            ],
            familyBindings: [
                FamilyAccountBindingRow(authoriserId: "E-77", relationship: "parent", boundOn: "2024-01-15", rank: 1, status: .accepted),
                FamilyAccountBindingRow(
                    authoriserId: "E-78",
                    relationship: "parent",
                    boundOn: "2024-06-01",
                    status: .refused,
                    reason: "the authoriser must be a tier-1 employee participant"
                ),
            ]
        )
    }

    static func overview() -> CityOverview {
        let months = (0..<24).map { index -> MonthCoverage in
            let year = 2024 + (index + 9) / 12
            let month = (index + 9) % 12 + 1
            let text = "\(year)-" + (month < 10 ? "0" : "") + "\(month)"
            return MonthCoverage(
                month: text,
                annual: index == 0 ? 0 : 9_000 + index * 40,
                newborn: 150 + index * 12,
                monthAfterPayment: 800 + index * 55
            )
        }
        return CityOverview(
            months: months,
            personsWithCoverage: 10_512,
            eventsStored: 48_211,
            eventsRefused: 37,
            topRefusals: [
                RefusalCount(type: "insurance.enrollment.registered.v1", reason: "data.certNo: check character must be 7", count: 21),
                RefusalCount(type: nil, reason: "(event): unexpected end of JSON <at 12>", count: 16),
            ],
            samplePersons: ["P-1001", "P-1002", "P-1003"]
        )
    }
}

/// Builds valid 18-character citizen IDs (ISO 7064 MOD 11-2 check character) for tests.
enum CitizenNumber {
    static func make(_ first17: String) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(first17, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return first17 + ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"][sum % 11]
    }
}
