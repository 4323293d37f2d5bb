import InsuranceDomain
import ServiceSupport

/// `benefits-service recompute --dry-run`: what a recompute with `policy` would change, person by
/// person, without writing anything.
///
/// It reads persons in key order, `batchSize` per read-only transaction
/// (`BenefitsStore.whatIfBatch`), recomputes each from their stored events with the pipeline's
/// engine (the family-account limit applied as the pipeline applies it), and compares the result
/// with the stored rows. Why compare with the stored rows rather than with a second computation
/// under the policy in force: the rows are what analysts and the API see, so the diff is exactly
/// what `recompute` would then write; with the policy in force it is empty unless rows are stale.
package struct WhatIfRun: Sendable {
    let store: BenefitsStore
    let policy: PolicyBook
    let batchSize: Int

    package init(store: BenefitsStore, policy: PolicyBook, batchSize: Int = 500) {
        self.store = store
        self.policy = policy
        self.batchSize = max(1, batchSize)
    }

    /// Every person with stored events after `after` (nil: everyone); `changed` gets each person
    /// whose rows would change, in key order.
    package func all(
        after: String? = nil,
        progress: (any ProgressReporter<WhatIfProgress>)? = nil,
        changed: (PersonChange) throws -> Void = { _ in }
    ) async throws -> WhatIfSummary {
        let clock = ContinuousClock()
        let started = clock.now
        var summary = WhatIfSummary()
        var cursor = after
        let total = try await store.personCount(after: after)
        func report() -> WhatIfProgress {
            WhatIfProgress(
                processed: summary.persons,
                total: max(total, summary.persons),
                elapsed: clock.now - started,
                changed: summary.changed,
                lastPerson: cursor
            )
        }
        try await store.forEachPersonBatch(after: after, size: batchSize) { persons in
            try await compare(persons, into: &summary, changed: changed)
        } cursor: { last in
            cursor = last
            progress?.update(report())
        }
        progress?.finish(report())
        summary.elapsed = clock.now - started
        return summary
    }

    /// One person. Throws `RecomputeUnknownPerson` when no event of theirs is stored.
    package func person(_ personId: String, changed: (PersonChange) throws -> Void = { _ in }) async throws -> WhatIfSummary {
        let clock = ContinuousClock()
        let started = clock.now
        var summary = WhatIfSummary()
        try await compare([personId], into: &summary, changed: changed)
        guard summary.persons > 0 else { throw RecomputeUnknownPerson(personId: personId) }
        summary.elapsed = clock.now - started
        return summary
    }

    private func compare(_ persons: [String], into summary: inout WhatIfSummary, changed: (PersonChange) throws -> Void) async throws {
        let batch = try await store.whatIfBatch(persons: persons, familyLimit: policy.rules.maximumBeneficiariesPerAuthoriser)
        let recomputation = CoverageRecomputation(policy: policy)
        let linked = Set(batch.linked)
        var grouped: [String: PersonResult] = [:]
        if !linked.isEmpty {
            let histories = batch.histories.filter { linked.contains($0.key) }
            for (person, result) in recomputation.resultsWithFamilyLimit(histories: histories) { grouped[person] = result }
        }
        summary.batches += 1
        for person in persons.sorted() {
            guard let history = batch.histories[person], !history.isEmpty else { continue }
            summary.persons += 1
            let after = grouped[person] ?? recomputation.result(personId: person, history: history)
            let change = PersonChange(personId: person, before: batch.stored[person] ?? PersonResult(), after: after)
            guard !change.kinds.isEmpty else { continue }
            summary.changed += 1
            for kind in change.kinds { summary.byKind[kind, default: 0] += 1 }
            try changed(change)
        }
    }
}

/// One person's rows before (stored) and after (recomputed), and the kinds of change between.
package struct PersonChange: Sendable, Hashable {
    let personId: String
    let before: PersonResult
    let after: PersonResult
    /// Empty when the rows would stay as they are.
    let kinds: Set<Kind>

    enum Kind: String, Sendable, Hashable, CaseIterable, Comparable {
        /// A policy year covered before and after, from another day.
        case startMoved = "start moved"
        /// A policy year covered before and after, to another day.
        case endMoved = "end moved"
        case periodGained = "period gained"
        case periodLost = "period lost"
        /// A policy year covered before and after on another basis (annual, newborn, month after payment).
        case basisChanged = "basis changed"
        /// A facility or family-account binding (the same choice: code or authoriser, and day)
        /// accepted before and refused after, or the other way round.
        case statusChanged = "status changed"
        /// Any other difference in the rows (a binding's end, reason or rank, a binding added or gone).
        case otherChange = "other change"

        static func < (lhs: Kind, rhs: Kind) -> Bool {
            allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
        }
    }

    init(personId: String, before: PersonResult, after: PersonResult) {
        self.personId = personId
        self.before = before
        self.after = after
        self.kinds = Self.kinds(before: before, after: after)
    }

    /// The rows as one line each for the CSV: periods, then facility and family-account bindings.
    static func text(_ result: PersonResult) -> String {
        let periods = Self.periodLines(result).joined(separator: "; ")
        let facility = Self.facilityLines(result).joined(separator: "; ")
        let family = Self.familyLines(result).joined(separator: "; ")
        return "periods: \(periods) | facility: \(facility) | family: \(family)"
    }

    private static func kinds(before: PersonResult, after: PersonResult) -> Set<Kind> {
        let periodsSame = periodLines(before) == periodLines(after)
        let facilitySame = facilityLines(before) == facilityLines(after)
        let familySame = familyLines(before) == familyLines(after)
        guard !(periodsSame && facilitySame && familySame) else { return [] }
        var kinds: Set<Kind> = []
        let beforeYears = Dictionary(grouping: before.periods, by: \.policyYear)
        let afterYears = Dictionary(grouping: after.periods, by: \.policyYear)
        for year in Set(beforeYears.keys).union(afterYears.keys) {
            let old = (beforeYears[year] ?? []).sorted { $0.startsOn < $1.startsOn }
            let new = (afterYears[year] ?? []).sorted { $0.startsOn < $1.startsOn }
            if new.count > old.count { kinds.insert(.periodGained) }
            if new.count < old.count { kinds.insert(.periodLost) }
            for (was, now) in zip(old, new) {
                if was.startsOn != now.startsOn { kinds.insert(.startMoved) }
                if was.endsOn != now.endsOn { kinds.insert(.endMoved) }
                if was.basis != now.basis { kinds.insert(.basisChanged) }
            }
        }
        let statusFlips =
            flips(
                before.facilityBindings.map { ("\($0.facilityCode) \($0.boundOn)", $0.status) },
                after.facilityBindings.map { ("\($0.facilityCode) \($0.boundOn)", $0.status) }
            )
            || flips(
                before.familyBindings.map { ("\($0.authoriserId) \($0.boundOn)", $0.status) },
                after.familyBindings.map { ("\($0.authoriserId) \($0.boundOn)", $0.status) }
            )
        if statusFlips { kinds.insert(.statusChanged) }
        if kinds.isEmpty { kinds.insert(.otherChange) }
        return kinds
    }

    /// Whether a choice (key) has a status before that it no longer has after, and another instead.
    private static func flips(_ before: [(String, BindingStatus)], _ after: [(String, BindingStatus)]) -> Bool {
        let old = Dictionary(grouping: before, by: \.0).mapValues { Set($0.map(\.1)) }
        let new = Dictionary(grouping: after, by: \.0).mapValues { Set($0.map(\.1)) }
        return old.contains { key, statuses in new[key].map { $0 != statuses } ?? false }
    }

    private static func periodLines(_ result: PersonResult) -> [String] {
        result.periods.map { "\($0.policyYear) \($0.startsOn)..\($0.endsOn) \($0.basis)" }.sorted()
    }

    private static func facilityLines(_ result: PersonResult) -> [String] {
        result.facilityBindings.map {
            "\($0.facilityCode) \($0.boundOn) \($0.status.rawValue)" + ($0.endsOn.map { " until \($0)" } ?? "")
                + ($0.reason.map { " (\($0))" } ?? "")
        }.sorted()
    }

    private static func familyLines(_ result: PersonResult) -> [String] {
        result.familyBindings.map {
            "\($0.authoriserId) \($0.boundOn) \($0.status.rawValue)" + ($0.rank.map { " rank \($0)" } ?? "")
                + ($0.revokedOn.map { " revoked \($0)" } ?? "") + ($0.reason.map { " (\($0))" } ?? "")
        }.sorted()
    }
}

/// What a what-if found, for its last lines.
package struct WhatIfSummary: Sendable, Hashable, CustomStringConvertible {
    var batches = 0
    package var persons = 0
    /// Persons whose rows would change.
    package var changed = 0
    /// Persons with at least one change of each kind (a person may count under several).
    var byKind: [PersonChange.Kind: Int] = [:]
    var elapsed: Duration = .zero

    package init() {}

    package var description: String {
        let (seconds, attoseconds) = elapsed.components
        let time = (Double(seconds) + Double(attoseconds) / 1e18)
        let kinds = PersonChange.Kind.allCases.map { "\($0.rawValue) \(byKind[$0] ?? 0)" }.joined(separator: ", ")
        let rate = time > 0 ? Int((Double(persons) / time).rounded()) : 0
        return "persons \(persons), would change \(changed) (\(kinds)), batches \(batches), "
            + "time \((time * 1000).rounded() / 1000) s, \(rate) persons/s; nothing written"
    }
}

/// Where a what-if stands.
package struct WhatIfProgress: ProgressMeasure, Hashable {
    package var processed: Int
    package var total: Int
    package var elapsed: Duration
    var changed: Int
    var lastPerson: String?

    package static let unit = "persons"

    package var detail: String {
        "would change \(changed)" + (lastPerson.map { ", after \(String(reflecting: $0))" } ?? "")
    }
}

/// The what-if's CSV (RFC 4180, as `RenewalsCSV`): one row per person whose rows would change,
/// with the rows before and after as text (`PersonChange.text`).
package enum WhatIfCSV {
    static let header = ["personId", "before", "after"]

    package static var headerLine: String { RenewalsCSV.line(header) }

    package static func line(_ change: PersonChange) -> String {
        RenewalsCSV.line([change.personId, PersonChange.text(change.before), PersonChange.text(change.after)])
    }
}
