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
