import PropertyBased
import RuleTables
import Testing

@testable import InsuranceDomain

/// Issue 22, bounded work: the bound of events per person, type and policy year, as both doors
/// apply it (`EventsPerTypeAndYear`).
@Suite struct EventsPerTypeAndYearTests {
    static func payment(_ person: String, year: Int, _ n: Int) -> ValidatedEvent {
        Fixtures.paid(person, year: year, at: "\(year)-10-01T10:00:00+08:00", paymentId: "P\(year)-\(n)")
    }

    static func facility(_ person: String, at time: String, _ n: Int) -> ValidatedEvent {
        Fixtures.wrap(
            "fac-\(n)",
            .facilityBinding(
                FacilityBinding(
                    personId: person,
                    facilityCode: "F\(n)",
                    facilityKind: .communityHealthCentre,
                    hospitalLevel: nil,
                    boundOn: Fixtures.date("2024-03-01")
                )
            ),
            time: time
        )
    }

    struct BucketCase: Sendable, CustomTestStringConvertible {
        let name: String
        let event: ValidatedEvent
        let policyYear: Int
        var testDescription: String { name }
    }

    static let buckets: [BucketCase] = [
        BucketCase(name: "a payment counts under the year it pays for, not its day", event: payment("P", year: 2025, 1), policyYear: 2025),
        BucketCase(
            name: "a payment made early counts under its policy year",
            event: Fixtures.paid("P", year: 2026, at: "2025-03-01T10:00:00+08:00"),
            policyYear: 2026
        ),
        BucketCase(name: "another event on 1 September: that year", event: facility("P", at: "2024-09-01T00:00:00+08:00", 1), policyYear: 2024),
        BucketCase(name: "another event on 31 August: the year before", event: facility("P", at: "2024-08-31T23:59:59+08:00", 2), policyYear: 2023),
        BucketCase(
            name: "the day is China's: 31 August 16:00 UTC is 1 September in China",
            event: facility("P", at: "2024-08-31T16:00:00Z", 3),
            policyYear: 2024
        ),
    ]

    @Test(arguments: buckets)
    func bucket(_ row: BucketCase) {
        let bucket = EventsPerTypeAndYear.bucket(of: row.event)
        #expect(bucket.policyYear == row.policyYear)
        #expect(bucket.type == row.event.type)
    }

    struct BeyondCase: Sendable, CustomTestStringConvertible {
        let name: String
        let limit: Int
        let stored: [ValidatedEvent]
        let new: [ValidatedEvent]
        let beyond: [Int]
        var testDescription: String { name }
    }

    static let beyondCases: [BeyondCase] = [
        BeyondCase(
            name: "within the bound: nothing beyond",
            limit: 3,
            stored: [payment("P", year: 2025, 1)],
            new: [payment("P", year: 2025, 2), payment("P", year: 2025, 3)],
            beyond: []
        ),
        BeyondCase(
            name: "stored events count first: the new ones past the bound",
            limit: 3,
            stored: [payment("P", year: 2025, 1), payment("P", year: 2025, 2)],
            new: [payment("P", year: 2025, 3), payment("P", year: 2025, 4), payment("P", year: 2025, 5)],
            beyond: [1, 2]
        ),
        BeyondCase(
            name: "another policy year is another bucket",
            limit: 1,
            stored: [payment("P", year: 2025, 1)],
            new: [payment("P", year: 2026, 1), payment("P", year: 2025, 2), payment("P", year: 2027, 1)],
            beyond: [1]
        ),
        BeyondCase(
            name: "another type is another bucket",
            limit: 1,
            stored: [payment("P", year: 2024, 1)],
            new: [facility("P", at: "2024-10-01T10:00:00+08:00", 1), payment("P", year: 2024, 2)],
            beyond: [1]
        ),
        BeyondCase(
            name: "a re-delivery (same source and id) counts once and is never beyond",
            limit: 2,
            stored: [payment("P", year: 2025, 1), payment("P", year: 2025, 1)],
            new: [payment("P", year: 2025, 1), payment("P", year: 2025, 2), payment("P", year: 2025, 2), payment("P", year: 2025, 3)],
            beyond: [3]
        ),
        BeyondCase(
            name: "a person already over the bound keeps what is stored; every new event of the bucket is beyond",
            limit: 1,
            stored: [payment("P", year: 2025, 1), payment("P", year: 2025, 2)],
            new: [payment("P", year: 2025, 3)],
            beyond: [0]
        ),
        BeyondCase(
            name: "each person is counted on their own",
            limit: 1,
            stored: [],
            new: [payment("P", year: 2025, 1), payment("Q", year: 2025, 1), payment("P", year: 2025, 2)],
            beyond: [2]
        ),
    ]

    @Test(arguments: beyondCases)
    func beyond(_ row: BeyondCase) {
        #expect(EventsPerTypeAndYear(limit: row.limit).beyond(stored: row.stored, new: row.new) == row.beyond)
    }

    @Test("the refusal names the bound, the type and the year, never the person")
    func ruleText() {
        let bound = EventsPerTypeAndYear(limit: 7)
        let bucket = EventsPerTypeAndYear.bucket(of: Self.payment("P123456", year: 2025, 1))
        for rule in [bound.rule(for: bucket), bound.requestRule(for: bucket)] {
            #expect(rule.hasPrefix("limit: "))
            #expect(rule.contains("7") && rule.contains("insurance.contribution.paid.v1") && rule.contains("2025"), "\(rule)")
            #expect(!rule.contains("P123456"))
        }
    }

    /// Law: whatever the order the stored events come in, and however many of them, the new
    /// events kept fill each bucket exactly up to the bound, in their order.
    @Test("stored order does not matter; exactly max(0, bound - stored) new events of a bucket are kept")
    func keepsExactlyUpToTheBound() async {
        let events = (0..<12).map { Self.payment("P", year: 2025 + $0 % 2, $0) }
        await propertyCheck(
            count: 100,
            input: Gen.int(in: 1...6),
            Gen.int(in: 0...12),
            Gen<[ValidatedEvent]>.shuffled(events)
        ) { limit, split, shuffled in
            let stored = Array(shuffled.prefix(split))
            let new = Array(shuffled.dropFirst(split))
            let bound = EventsPerTypeAndYear(limit: limit)
            let beyond = Set(bound.beyond(stored: stored.reversed(), new: new))
            #expect(bound.beyond(stored: stored, new: new) == beyond.sorted())
            for year in [2025, 2026] {
                let storedInYear = stored.filter { EventsPerTypeAndYear.bucket(of: $0).policyYear == year }.count
                let newInYear = new.indices.filter { EventsPerTypeAndYear.bucket(of: new[$0]).policyYear == year }
                let kept = newInYear.filter { !beyond.contains($0) }
                #expect(kept.count == min(newInYear.count, max(0, limit - storedInYear)))
                #expect(kept == Array(newInYear.prefix(kept.count)), "the earliest new events are the ones kept")
            }
        }
    }
}
