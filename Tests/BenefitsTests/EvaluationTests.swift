import Benefits
import InsuranceDomain
import Testing

@Suite("Offline evaluation")
struct EvaluationTests {
    @Test("a small file gives the contract's evaluation lines exactly: persons in order, refusals with reasons, person-less lines last")
    func contractShape() {
        let input = [
            TestEvents.payment(person: "B2", id: "p-b", amountFen: 43632),
            TestEvents.registration(person: "B2", id: "r-b"),
            "",
            TestEvents.registration(person: "A1", id: "r-a"),
            TestEvents.payment(person: "A1", id: "p-a", amountFen: 43632, paidAt: "2024-10-15T09:00:00+08:00"),
            TestEvents.payment(person: "A1", id: "p-neg", amountFen: -1),
            #"{"id":"x1","data":{}"#,
        ].joined(separator: "\n")
        let lines = OfflineEvaluation(policy: .bundledDefaults).evaluate(Array(input.utf8))
            .map { String(decoding: $0, as: UTF8.self) }
        #expect(lines.count == 3)
        #expect(
            lines[0]
                == #"{"personId":"A1","periods":[{"policyYear":2024,"startsOn":"2024-11-01","endsOn":"2025-09-30","startMonth":"2024-11","basis":"month_after_payment"}],"refused":[{"eventId":"p-neg","reason":"data.amountFen: must be between 0 and 100000000"}]}"#
        )
        #expect(
            lines[1]
                == #"{"personId":"B2","periods":[{"policyYear":2024,"startsOn":"2024-10-01","endsOn":"2025-09-30","startMonth":"2024-10","basis":"annual"}],"refused":[]}"#
        )
        #expect(
            lines[2]
                == #"{"personId":null,"line":7,"periods":[],"refused":[{"eventId":"line 7","reason":"(event): invalid JSON at byte 20: unexpected end of input"}]}"#
        )
    }
}
