import InsuranceDomain

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
