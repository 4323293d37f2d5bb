import InsuranceDomain
import Testing

@testable import Benefits

/// The timeline's payments are the coverage engine's (issue 15): the page keeps no
/// de-duplication or reversal rule of its own.
@Suite("Pages: payments as the engine counts them")
struct PagesPaymentsTests {
    static func event(_ id: String, source: String = "test/pages", _ event: InsuranceEvent) -> String {
        let validated = ValidatedEvent(id: id, source: source, time: Timestamp(rfc3339: "2025-09-01T10:00:00+08:00")!, event: event)
        return String(decoding: validated.structuredJSON, as: UTF8.self)
    }

    static func paid(_ id: String, at time: String) -> InsuranceEvent {
        .contributionPaid(
            ContributionPaid(
                paymentId: id,
                personId: "P-9",
                policyYear: 2025,
                amountFen: 43_632,
                dueFen: 43_632,
                paidAt: Timestamp(rfc3339: time)!
            )
        )
    }

    static func reversed(_ id: String, at time: String, _ reason: String) -> InsuranceEvent {
        .contributionReversed(ContributionReversed(paymentId: id, personId: "P-9", reversedAt: Timestamp(rfc3339: time)!, reason: reason))
    }

    static func timeline(_ payloads: [String]) -> PersonTimeline {
        PersonTimeline.assemble(
            personId: "P-9",
            asOf: PagesFixtures.asOf,
            payloads: payloads,
            derived: PersonResult(),
            policy: .bundledDefaults
        )
    }

    @Test("a payment reported twice is the copy with the earliest paidAt, whatever the stored order")
    func earliestPaidAtCounts() {
        // Stored (event time) order puts the later payment time first: the engine still counts the earlier one.
        let t = Self.timeline([
            Self.event("e-late", Self.paid("pay-1", at: "2025-09-14T09:00:00+08:00")),
            Self.event("e-early", Self.paid("pay-1", at: "2025-09-12T09:00:00+08:00")),
        ])
        #expect(t.payments.map(\.paymentId) == ["pay-1"])
        #expect(t.payments.first?.paidOn == LocalDate("2025-09-12"))
    }

    @Test("a reversal counts only from the source that reported the payment; the earliest such reversal is shown")
    func reversalsFromThePayingSource() {
        let t = Self.timeline([
            Self.event("p1", Self.paid("pay-1", at: "2025-09-12T09:00:00+08:00")),
            Self.event("p2", Self.paid("pay-2", at: "2025-09-13T09:00:00+08:00")),
            Self.event("r1", source: "bank-b", Self.reversed("pay-1", at: "2025-09-15T09:00:00+08:00", "not ours to cancel")),
            Self.event("r2", Self.reversed("pay-2", at: "2025-09-22T09:00:00+08:00", "second notice")),
            Self.event("r3", Self.reversed("pay-2", at: "2025-09-20T09:00:00+08:00", "bank returned the debit")),
        ])
        #expect(t.payments.map(\.paymentId) == ["pay-1", "pay-2"])
        #expect(t.payments.map { $0.reversal?.reason } == [nil, "bank returned the debit"])
        let html = PersonTimelinePage.render(t, with: PagesFixtures.templates)
        #expect(!html.contains("not ours to cancel"))
        #expect(html.contains("reversed 2025-09-20: bank returned the debit"))
    }
}
