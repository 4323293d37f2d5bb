import InsuranceDomain
import SampleCity

/// The domain library's direct answer for the lines the smoke suite sends: what the
/// benefits service's API and the analysts' views must show once it has caught up.
struct SmokeExpectation: Sendable {
    /// Per person with at least one valid event: the engine's answer (`evaluateAll`, so the
    /// family-account limit across persons applies as in the service).
    let coverage: [String: PersonCoverage]
    /// Distinct `source`+`id` among the valid lines: rows `events` must gain.
    let storedEvents: Int
    /// Refused lines by (type, reason): rows `rejections_by_reason` must gain.
    let refusals: [RefusalKey: Int]
    /// `covered_on(day)` rows of the city's persons, as `person year basis` text.
    let coveredOn: [String]
    /// `coverage_by_month` counts the city adds, by `month basis`.
    let byMonth: [String: Int]

    var refusedLines: Int { refusals.values.reduce(0, +) }
    var personIds: [String] { coverage.keys.sorted() }

    init(lines: [SmokeLine], day: LocalDate, policy: PolicyBook) {
        var valid: [EventIdentity: ValidatedEvent] = [:]
        var refusals: [RefusalKey: Int] = [:]
        for line in lines {
            let bytes = Array(line.json.utf8)
            switch EventIntake.validate(json: bytes, policy: policy) {
            case .success(let event):
                if let key = line.key, key != event.personId {
                    // The benefits service refuses a record whose key is not its person.
                    refusals[RefusalKey(type: event.type, reason: "key: must equal subject (the personId)"), default: 0] += 1
                } else {
                    valid[event.identity] = valid[event.identity] ?? event
                }
            case .failure(let error):
                let type = (try? JSONParser.parse(bytes))?["type"]?.stringValue
                refusals[RefusalKey(type: type, reason: "\(error)"), default: 0] += 1
            }
        }
        let events = valid.values.sorted { $0.identity < $1.identity }
        var coverage: [String: PersonCoverage] = [:]
        for answer in CoverageEngine.evaluateAll(events: events, policy: policy) { coverage[answer.personId] = answer }
        self.coverage = coverage
        self.storedEvents = valid.count
        self.refusals = refusals
        self.coveredOn = coverage.values.flatMap { person in
            person.periods.filter { $0.startsOn <= day && day <= $0.endsOn }
                .map { "\(person.personId) \($0.policyYear) \($0.basis.rawValue)" }
        }.sorted()
        self.byMonth = Self.monthCounts(coverage.values)
    }

    /// As the view counts: a person counts in every month any of whose days a period covers,
    /// once per month and basis.
    private static func monthCounts(_ persons: some Sequence<PersonCoverage>) -> [String: Int] {
        var counts: [String: Int] = [:]
        for person in persons {
            var seen = Set<String>()
            for period in person.periods {
                var month = LocalDate(year: period.startsOn.year, month: period.startsOn.month, day: 1) ?? period.startsOn
                while month <= period.endsOn {
                    seen.insert("\(month.monthText) \(period.basis.rawValue)")
                    month = month.adding(months: 1)
                }
            }
            for key in seen { counts[key, default: 0] += 1 }
        }
        return counts
    }
}

/// Differences between what a run added to the analyst views and the direct answer,
/// as short lines for the report.
enum SmokeComparison {
    /// `after - before` per key, keys whose difference is zero left out.
    static func added<Key: Hashable>(_ before: [Key: Int], _ after: [Key: Int]) -> [Key: Int] {
        var result: [Key: Int] = [:]
        for key in Set(before.keys).union(after.keys) {
            let delta = (after[key] ?? 0) - (before[key] ?? 0)
            if delta != 0 { result[key] = delta }
        }
        return result
    }

    /// Keys whose counts differ, as `key: got N, expected M`, sorted.
    static func differences<Key: Hashable & CustomStringConvertible>(got: [Key: Int], expected: [Key: Int]) -> [String] {
        Set(got.keys).union(expected.keys).compactMap { key -> String? in
            let have = got[key] ?? 0
            let want = expected[key] ?? 0
            return have == want ? nil : "\(key): got \(have), expected \(want)"
        }.sorted()
    }

    /// Lines only one side has, as multisets.
    static func differences(got: [String], expected: [String]) -> [String] {
        var counts: [String: Int] = [:]
        for line in got { counts[line, default: 0] += 1 }
        for line in expected { counts[line, default: 0] -= 1 }
        return counts.compactMap { line, count -> String? in
            switch count {
            case 0: return nil
            case let n where n > 0: return "unexpected \(line)"
            default: return "missing \(line)"
            }
        }.sorted()
    }

    /// The first few differences and how many there are, for one report line.
    static func summary(_ differences: [String], limit: Int = 3) -> String {
        let shown = differences.prefix(limit).joined(separator: "; ")
        return differences.count > limit ? "\(differences.count) differences, e.g. \(shown)" : shown
    }
}

/// How the sample city travels: most valid events in batches, every 25th as a single
/// structured request, the next as a single binary-mode request; the events broken on
/// purpose go straight to Kafka (the enrollment service would refuse them at the door).
struct SmokePlan: Sendable {
    static let batchSize = 500
    static let spread = 25

    var single: [String] = []
    var binary: [String] = []
    var batches: [[String]] = []
    var upstream: [SampleEvent] = []

    init(events: some Sequence<SampleEvent>) {
        var batch: [String] = []
        var validIndex = 0
        for event in events {
            guard !event.isFaulty else {
                upstream.append(event)
                continue
            }
            defer { validIndex += 1 }
            switch validIndex % Self.spread {
            case 0: single.append(event.json)
            case 1: binary.append(event.json)
            default:
                batch.append(event.json)
                if batch.count == Self.batchSize {
                    batches.append(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
        }
        if !batch.isEmpty { batches.append(batch) }
    }

    /// Every line sent, with the key it travels with: what the pipeline must end up holding.
    var lines: [SmokeLine] {
        let viaHTTP = (single + binary + batches.flatMap { $0 }).map { SmokeLine(json: $0, key: nil) }
        return viaHTTP + upstream.map { SmokeLine(json: $0.json, key: $0.key.isEmpty ? nil : $0.key) }
    }

    var httpEventCount: Int { single.count + binary.count + batches.reduce(0) { $0 + $1.count } }
}
