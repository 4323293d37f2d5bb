/// Writes the events of one sample person. State is local to one story.
struct PersonStory {
    let index: Int
    let options: SampleCityOptions
    let personId: String
    var rng: SplitMix64
    var events: [SampleEvent] = []
    private var sequence = 0

    static func personId(index: Int, seed: UInt64) -> String {
        "P\(String(seed, radix: 36))-\(String(index).leftPadded(to: 7))"
    }

    init(index: Int, options: SampleCityOptions) {
        self.index = index
        self.options = options
        self.personId = PersonStory.personId(index: index, seed: options.seed)
        self.rng = SplitMix64.forItem(index, seed: options.seed)
    }

    var year: Int { options.policyYear }

    mutating func write() -> [SampleEvent] {
        let kind = PersonKind.pick(&rng)
        let person = writeEnrollmentAndPayments(kind)
        writeBindings(for: person)
        if chance(options.duplicateShare), let again = events.randomElement(using: &rng) {
            events.append(again)
        }
        if chance(options.faultyShare) { writeFaultyEvent(for: person) }
        return events
    }

    // MARK: Randomness

    mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &rng) < probability
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }

    mutating func day(in year: Int, month: Int, from first: Int = 1, to last: Int = 28) -> SampleDate {
        SampleDate(year, month, int(first...last))
    }

    // MARK: Envelope

    /// Appends one CloudEvent; `time` is its business time (RFC 3339, UTC+8).
    mutating func emit(
        _ type: String,
        source: String,
        time: String,
        stream: SampleEvent.Stream,
        data: JSONObjectBuilder,
        faulty: Bool = false
    ) {
        sequence += 1
        var envelope = JSONObjectBuilder()
        envelope.add("specversion", "1.0")
        envelope.add("id", "\(personId)-\(sequence)")
        envelope.add("source", source)
        envelope.add("type", type)
        envelope.add("subject", personId)
        envelope.add("time", time)
        envelope.add("datacontenttype", "application/json")
        envelope.add("data", data)
        events.append(SampleEvent(stream: stream, key: personId, json: envelope.text, isFaulty: faulty))
    }

    /// Amount due from `month` of `policyYear`'s September–August to its end.
    func due(policyYear: Int, fromMonthOf date: SampleDate) -> Int {
        let monthsIntoYear = (date.year - policyYear) * 12 + date.month - 9
        let remaining = 12 - max(0, min(11, monthsIntoYear))
        let annual = options.premium(for: policyYear)
        return (annual * remaining + 6) / 12
    }

    /// The policy year (September Y – August Y+1) a day falls in.
    static func policyYear(of date: SampleDate) -> Int { date.month >= 9 ? date.year : date.year - 1 }
}
