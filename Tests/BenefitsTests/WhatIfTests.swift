import Foundation
import InsuranceDomain
import PostgresNIO
import Testing

@testable import Benefits

/// `benefits-service recompute --dry-run`: what a recompute with a policy would change, against
/// a database the real pipeline filled, and nothing written.
@Suite("Policy what-if (recompute --dry-run)")
struct WhatIfTests {
    @Test(
        "the policy in force changes nothing; a lower 2024 premium lists exactly the persons the engine answers differently; nothing is written"
    )
    func whatIf() async throws {
        try await TestDatabase.withFresh { client, settings in
            let fixture = try await RecomputeTests.fixture(settings: settings)
            let records = RecomputeFixture.records(fixture.harness, persons: 120, seed: 41)
            try await fixture.ingest(records, client: client)
            let store = BenefitsStore(client: client)
            let written = try await Self.rowVersions(client)

            let inForce = try await WhatIfRun(store: store, policy: .bundledDefaults, batchSize: 23).all()
            let cheap = DerivedSnapshot.expected(RecomputeFixture.validated(records), policy: .bundledDefaults)
            #expect(inForce.changed == 0 && inForce.byKind.isEmpty)
            #expect(inForce.persons == cheap.persons.count)

            // What recompute would read: the stored events (valid under the policy in force),
            // validated again under the new policy.
            let (_, lower) = try PolicyFiles.book(premium2024: 40000)
            let stored = records.filter { RecomputeFixture.validated([$0]).count == 1 }
            let expected = DerivedSnapshot.expected(RecomputeFixture.validated(stored, policy: lower), policy: lower)
            let personsAll = Set(cheap.persons.map { String($0.split(separator: " ")[0]) })
            func rows(_ snapshot: DerivedSnapshot, _ person: String) -> [[String]] {
                let mine = snapshot.only(person)
                return [mine.periods, mine.facilities, mine.family]
            }
            let differ = personsAll.filter { rows(cheap, $0) != rows(expected, $0) }
            let losing = personsAll.filter { cheap.only($0).periods.count > expected.only($0).periods.count }
            #expect(
                !differ.isEmpty && !losing.isEmpty,
                "the fixture pays 2024 at its premium of 43632: payments due above a lower one no longer count"
            )

            var changes: [PersonChange] = []
            let whatIf = try await WhatIfRun(store: store, policy: lower, batchSize: 23).all { changes.append($0) }
            #expect(Set(changes.map(\.personId)) == differ)
            #expect(whatIf.changed == differ.count && changes.count == differ.count)
            #expect(changes.allSatisfy { !$0.kinds.isEmpty })
            #expect(losing.isSubset(of: Set(changes.filter { $0.kinds.contains(.periodLost) }.map(\.personId))))
            #expect(whatIf.byKind[.periodLost] == changes.filter { $0.kinds.contains(.periodLost) }.count)
            let line = try #require(changes.first.map(WhatIfCSV.line))
            #expect(WhatIfCSV.headerLine == "personId,before,after\r\n")
            #expect(line.hasPrefix(changes[0].personId + ",") && line.contains("periods: ") && line.hasSuffix("\r\n"))

            let one = try #require(changes.first)
            var single: [PersonChange] = []
            let person = try await WhatIfRun(store: store, policy: lower).person(one.personId) { single.append($0) }
            #expect(person.persons == 1 && single == [one])
            #expect(try await Self.rowVersions(client) == written, "neither dry run wrote a row")

            // The diff is what recompute then writes: afterwards the same what-if finds nothing.
            _ = try await RecomputeRun(store: store, policy: lower, batchSize: 23).all()
            #expect(try await Self.rowVersions(client) != written)
            #expect(try await WhatIfRun(store: store, policy: lower, batchSize: 23).all().changed == 0)
        }
    }

    @Test("recompute --dry-run --policy --csv, run as a process: the counts on stdout, one CSV row per person, nothing written")
    func asAProcess() async throws {
        try await TestDatabase.withFresh { client, settings in
            let fixture = try await RecomputeTests.fixture(settings: settings)
            let records = RecomputeFixture.records(fixture.harness, persons: 40, seed: 42)
            try await fixture.ingest(records, client: client)
            let written = try await Self.rowVersions(client)
            let (path, lower) = try PolicyFiles.book(premium2024: 40000)
            var changes: [PersonChange] = []
            _ = try await WhatIfRun(store: BenefitsStore(client: client), policy: lower).all { changes.append($0) }
            #expect(!changes.isEmpty)
            let csv = FileManager.default.temporaryDirectory.appendingPathComponent("what-if-\(UUID().uuidString).csv").path
            defer { try? FileManager.default.removeItem(atPath: csv) }

            let outcome = try await BenefitsBinary.run(["recompute", "--dry-run", "--policy", path, "--csv", csv], database: settings)
            #expect(outcome.status == 0, "output:\n\(outcome.output)")
            #expect(outcome.output.contains("would change \(changes.count) ("), "output:\n\(outcome.output)")
            #expect(outcome.output.contains("nothing written"))
            let text = try String(contentsOfFile: csv, encoding: .utf8)
            #expect(text == WhatIfCSV.headerLine + changes.map(WhatIfCSV.line).joined())
            #expect(try await Self.rowVersions(client) == written)

            let refused = try await BenefitsBinary.run(["recompute", "--csv", csv], database: settings)
            #expect(refused.status != 0 && refused.output.contains("--csv: only with --dry-run"), "output:\n\(refused.output)")
        }
    }

    @Test("an unknown person is an error, as for recompute")
    func unknownPerson() async throws {
        try await TestDatabase.withFresh { client, _ in
            await #expect(throws: RecomputeUnknownPerson.self) {
                _ = try await WhatIfRun(store: BenefitsStore(client: client), policy: .bundledDefaults).person("nobody")
            }
        }
    }

    /// Every row of the tables a recompute writes, as `ctid/xmin`: any write changes it.
    static func rowVersions(_ client: PostgresClient) async throws -> [String] {
        var versions: [String] = []
        for table in ["coverage_periods", "facility_bindings", "family_account_bindings", "person_facts", "persons", "events"] {
            let rows = try await client.query(
                "SELECT '\(unescaped: table) ' || ctid::text || '/' || xmin::text FROM \(unescaped: table)",
                logger: TestDatabase.logger
            )
            for try await version in rows.decode(String.self) { versions.append(version) }
        }
        return versions.sorted()
    }
}
