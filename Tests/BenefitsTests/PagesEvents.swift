import InsuranceDomain

/// Structured-mode CloudEvents JSON for the pages' tests, built with the domain's own types.
enum PagesEvents {
    static func json(_ id: String, _ event: InsuranceEvent, at time: String = "2024-01-01T10:00:00+08:00") -> String {
        let validated = ValidatedEvent(id: id, source: "test/pages", time: Timestamp(rfc3339: time)!, event: event)
        return String(decoding: validated.structuredJSON, as: UTF8.self)
    }

    static func history(personId: String) -> [(id: String, type: String, time: String, json: String)] {
        let registered = InsuranceEvent.enrollmentRegistered(
            EnrollmentRegistered(
                personId: personId,
                certType: .residentId,
                certNo: PagesFixtures.certNo,
                name: PagesFixtures.name,
                birthDate: LocalDate("2015-06-10"),
                hukou: .local,
                category: .pupil,
                appliedOn: LocalDate("2023-09-05")
            )
        )
        let paid1 = InsuranceEvent.contributionPaid(
            ContributionPaid(
                paymentId: "pay-1",
                personId: personId,
                policyYear: 2024,
                amountFen: 43_632,
                dueFen: 43_632,
                paidAt: Timestamp(rfc3339: "2024-09-10T09:30:00+08:00")!
            )
        )
        let paid2 = InsuranceEvent.contributionPaid(
            ContributionPaid(
                paymentId: "pay-2",
                personId: personId,
                policyYear: 2025,
                amountFen: 43_632,
                dueFen: 43_632,
                paidAt: Timestamp(rfc3339: "2025-09-12T09:30:00+08:00")!
            )
        )
        let reversed = InsuranceEvent.contributionReversed(
            ContributionReversed(
                paymentId: "pay-2",
                personId: personId,
                reversedAt: Timestamp(rfc3339: "2025-09-20T09:30:00+08:00")!,
                reason: "bank returned the debit"
            )
        )
        let paid3 = InsuranceEvent.contributionPaid(
            ContributionPaid(
                paymentId: "pay-3",
                personId: personId,
                policyYear: 2025,
                amountFen: 43_632,
                dueFen: 43_632,
                paidAt: Timestamp(rfc3339: "2025-11-03T09:30:00+08:00")!
            )
        )
        let stopped = InsuranceEvent.enrollmentStopped(
            EnrollmentStopped(
                personId: personId,
                effectiveOn: LocalDate("2026-07-01"),
                reason: "enrolled in another city"
            )
        )
        return [
            ("e1", registered, "2023-09-05T10:00:00+08:00"), ("e2", paid1, "2024-09-10T09:30:00+08:00"),
            ("e3", paid2, "2025-09-12T09:30:00+08:00"), ("e4", reversed, "2025-09-20T09:30:00+08:00"),
            ("e5", paid3, "2025-11-03T09:30:00+08:00"), ("e6", stopped, "2026-06-20T09:30:00+08:00"),
        ].map { suffix, event, time in
            let id = "\(personId)-\(suffix)"
            return (id, event.type.rawValue, time, json(id, event, at: time))
        }
    }
}
