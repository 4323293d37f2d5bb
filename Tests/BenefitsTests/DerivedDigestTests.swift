import InsuranceDomain
import PostgresNIO
import Testing

@testable import Benefits

/// A lane rewrites only the derived tables whose rows changed (`persons.derived_digests`), and
/// every other writer keeps the digests true, so that nothing is skipped wrongly.
@Suite("Derived rows rewritten only when changed")
struct DerivedDigestTests {
    /// `xmin` of the person's rows in `table`: a rewritten row gets the rewriting transaction's.
    static func versions(_ table: String, _ person: String, _ client: PostgresClient) async throws -> [String] {
        let rows = try await client.query(
            PostgresQuery(unsafeSQL: "SELECT xmin::text FROM \(table) WHERE person_id = $1 ORDER BY 1", binds: try binds(person)),
            logger: TestDatabase.logger
        )
        var all: [String] = []
        for try await version in rows.decode(String.self) { all.append(version) }
        return all
    }

    static func binds(_ person: String) throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(person)
        return bindings
    }

    @Test("a facility choice rewrites the facility rows and leaves the periods alone", arguments: [2_000, 1])
    func onlyTheChangedTable(bulkThreshold: Int) async throws {
        try await TestDatabase.withFresh { client, _ in
            let store = BenefitsStore(client: client, bulkThreshold: bulkThreshold)
            let cache = HistoryCache(capacity: 100)
            let person = "DD\(UInt32.random(in: 0...UInt32.max))"
            let payment = TestEvents.payment(person: person, id: "\(person)-pay", amountFen: 43632)
            let first = TestEvents.facility(person: person, id: "\(person)-fac-1", code: "SK-1", boundOn: "2024-10-02")
            let second = TestEvents.facility(person: person, id: "\(person)-fac-2", code: "SK-2", boundOn: "2024-12-20")
            _ = try await HistoryCacheTests.storeThroughLane([payment, first], from: 0, store: store, cache: cache)
            let periods = try await Self.versions("coverage_periods", person, client)
            let facilities = try await Self.versions("facility_bindings", person, client)
            #expect(periods.count == 1 && facilities.count == 1)

            _ = try await HistoryCacheTests.storeThroughLane([second], from: 2, store: store, cache: cache)
            #expect(try await Self.versions("coverage_periods", person, client) == periods, "periods unchanged: not rewritten")
            let after = try await Self.versions("facility_bindings", person, client)
            #expect(after.count == 2 && after != facilities, "facility rows rewritten")
            // The rows are what the engine says, whatever was skipped.
            let expected = DerivedSnapshot.expected(
                HistoryCacheTests.decoded([payment, first, second], from: 0).known.values.map { $0 },
                policy: .bundledDefaults
            )
            #expect(try await DerivedSnapshot.read(client).only(person) == expected)
        }
    }

    @Test("after a recompute rewrote the rows another way, the next batch compares with what is stored")
    func recomputeKeepsTheDigestsTrue() async throws {
        try await TestDatabase.withFresh { client, _ in
            let store = BenefitsStore(client: client)
            let cache = HistoryCache(capacity: 100)
            let person = "DD\(UInt32.random(in: 0...UInt32.max))"
            let payment = TestEvents.payment(person: person, id: "\(person)-pay", amountFen: 43632)
            let facility = TestEvents.facility(person: person, id: "\(person)-fac", code: "SK-1", boundOn: "2024-10-02")
            _ = try await HistoryCacheTests.storeThroughLane([payment], from: 0, store: store, cache: cache)
            // A recompute that wrote no periods (as a rule change could): its digests say so.
            _ = try await store.recompute(persons: [person]) { _, _ in PersonResult() }
            #expect(try await Self.versions("coverage_periods", person, client).isEmpty)
            // The next batch computes the period again: it differs from what is stored, so it is written.
            _ = try await HistoryCacheTests.storeThroughLane([facility], from: 1, store: store, cache: cache)
            let periods = try await DerivedSnapshot.read(client).only(person).periods
            #expect(periods == ["\(person) 2024 2024-10-01 2025-09-30 2024-10 annual"])
        }
    }

    @Test("the digest tells rows apart, nil from empty and values across columns")
    func digests() {
        #expect(DerivedDigest.digest([]) != DerivedDigest.digest([[]]))
        #expect(DerivedDigest.digest([[nil]]) != DerivedDigest.digest([[""]]))
        #expect(DerivedDigest.digest([["ab", "c"]]) != DerivedDigest.digest([["a", "bc"]]))
        #expect(DerivedDigest.digest([["a"], ["b"]]) != DerivedDigest.digest([["a", "b"]]))
        #expect(DerivedDigest.digest([["2024", "x"]]) == DerivedDigest.digest([["2024", "x"]]))
    }
}
