import SampleCity

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
