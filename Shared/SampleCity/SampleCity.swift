/// A deterministic city's worth of insurance events: September school batches,
/// university students, local children not in school, newborns (in time, late,
/// non-local), late renewals, instalments, reversals, stops, facility and
/// family-account bindings, and a small share of broken or duplicated events.
///
/// Person `i` gets the same story for a given seed whatever the city's size,
/// so a large city extends a small one.
public struct SampleCity: Sendable {
    public let options: SampleCityOptions

    public init(_ options: SampleCityOptions) {
        self.options = options
    }

    /// The events of person `index`, in business-time order.
    public func events(ofPerson index: Int) -> [SampleEvent] {
        var story = PersonStory(index: index, options: options)
        return story.write()
    }

    /// Every event of the city, person by person.
    public var events: some Sequence<SampleEvent> {
        (0..<options.persons).lazy.flatMap { self.events(ofPerson: $0) }
    }

    /// The person number of person `index`.
    public func personId(_ index: Int) -> String {
        PersonStory.personId(index: index, seed: options.seed)
    }
}

/// What city to generate. The same options give the same events, byte for byte.
public struct SampleCityOptions: Sendable {
    /// How many people.
    public var persons: Int
    public var seed: UInt64
    /// The first policy year of the stories; renewals fall in the next one.
    public var policyYear: Int
    /// Annual individual premium in fen per policy year (policy data, passed in
    /// by the caller; the domain library's policy book is the source of truth).
    public var annualPremiumFen: [Int: Int]
    /// Share of people who also send one broken event.
    public var faultyShare: Double
    /// Share of people one of whose events is sent twice (same source and id).
    public var duplicateShare: Double

    public init(
        persons: Int,
        seed: UInt64 = 2024,
        policyYear: Int = 2024,
        annualPremiumFen: [Int: Int] = [:],
        faultyShare: Double = 0.01,
        duplicateShare: Double = 0.03
    ) {
        self.persons = persons
        self.seed = seed
        self.policyYear = policyYear
        self.annualPremiumFen = annualPremiumFen
        self.faultyShare = faultyShare
        self.duplicateShare = duplicateShare
    }

    func premium(for year: Int) -> Int {
        annualPremiumFen[year] ?? annualPremiumFen[policyYear] ?? annualPremiumFen.values.first ?? 43_632
    }
}

/// One generated event: structured-mode CloudEvents JSON and where it goes.
public struct SampleEvent: Sendable, Hashable {
    /// The topic family the event belongs to.
    public enum Stream: String, Sendable, Hashable, CaseIterable {
        case enrollments, contributions, bindings
    }

    public let stream: Stream
    /// The Kafka key: the person's number (empty for events broken on purpose
    /// before a person could be named).
    public let key: String
    /// The event as structured-mode CloudEvents JSON.
    public let json: String
    /// Broken on purpose (malformed, or breaking a rule the validator knows):
    /// the pipeline must refuse it with a reason, never lose it.
    public let isFaulty: Bool
}
