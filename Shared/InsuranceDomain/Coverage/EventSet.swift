/// A person's events as a set: one event per `source`+`id`, in identity order.
///
/// Re-sent events are identical, so keeping any copy would do; should two different events
/// share an identity, the one whose `data` JSON sorts first is kept, so the choice never
/// depends on arrival order.
struct EventSet {
    let events: [ValidatedEvent]

    init(_ input: [ValidatedEvent]) {
        let sorted = input.sorted { ($0.source, $0.id) < ($1.source, $1.id) }
        var unique: [ValidatedEvent] = []
        unique.reserveCapacity(sorted.count)
        for event in sorted {
            if let last = unique.last, last.source == event.source, last.id == event.id {
                if last.event != event.event,
                    JSONWriter.bytes(event.event.data).lexicographicallyPrecedes(JSONWriter.bytes(last.event.data))
                {
                    unique[unique.count - 1] = event
                }
                continue
            }
            unique.append(event)
        }
        events = unique
    }
}
