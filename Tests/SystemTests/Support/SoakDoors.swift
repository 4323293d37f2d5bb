import SampleCity
import Synchronization

/// The sample city at a steady rate through one door, until told to stop.
///
/// Every tick the pacer sends what the rate says is due since the start, so a door that
/// stalled (a paused broker) catches up afterwards and the total stays rate × time. The
/// city is split by person: even persons come through the enrollment service (their broken
/// events straight onto Kafka, where an upstream producer would put them), odd persons
/// straight onto Kafka.
struct SoakDoor: Sendable {
    let door: SoakLedger.Door
    /// Events per second through this door.
    let rate: Double
    let city: SampleCity
    let feed: EventFeed
    let enrollmentPort: Int
    let ledger: SoakLedger
    let stop: SoakStop

    static let tick: Duration = .milliseconds(200)

    func run() async throws {
        var person = door == .http ? 0 : 1
        var pending: [SampleEvent] = []
        var sent = 0
        let started = ContinuousClock.now
        while !stop.isSet {
            let due = Int(rate * (ContinuousClock.now - started).soakSeconds) - sent
            if due > 0 {
                var chunk: [SampleEvent] = []
                while chunk.count < due {
                    if pending.isEmpty {
                        pending = city.events(ofPerson: person)
                        person += 2
                    }
                    let taken = min(due - chunk.count, pending.count)
                    chunk += pending.prefix(taken)
                    pending.removeFirst(taken)
                }
                try await send(chunk)
                sent += chunk.count
            }
            try await Task.sleep(for: Self.tick)
        }
    }

    private func send(_ chunk: [SampleEvent]) async throws {
        switch door {
        case .http:
            let valid = chunk.filter { !$0.isFaulty }
            let broken = chunk.filter(\.isFaulty)
            try await EnrollmentIntake.post(valid, port: enrollmentPort)
            ledger.record(valid.map(\.json), door: .http)
            try await feed.publish(broken)
            ledger.record(broken.map(\.json), door: .kafka)
        case .kafka:
            try await feed.publish(chunk)
            ledger.record(chunk.map(\.json), door: .kafka)
            ledger.keepOriginals(chunk.filter { !$0.isFaulty })
        }
    }
}

/// Poison at a steady rate straight onto Kafka: malformed lines on every topic, and changed
/// copies of valid events already acknowledged (the same `source`+`id`, a business time one
/// second off), which pass the intake and are refused by the service once it finds the first
/// copy stored.
struct SoakPoison: Sendable {
    /// Malformed lines per second; changed copies come at a quarter of it.
    let rate: Double
    let feed: EventFeed
    let topics: TopicSet
    let ledger: SoakLedger
    let tag: String

    func run(until end: ContinuousClock.Instant) async throws {
        var random = SplitMix64(seed: 22_008)
        var round = 0
        let perRound = max(1, Int(rate * SoakDoor.tick.soakSeconds))
        let topicList = [topics.enrollments, topics.contributions, topics.bindings]
        while ContinuousClock.now < end {
            let lines = MalformedLines.make(count: perRound, seed: UInt64(round + 1), tag: "\(tag)-r\(round)")
            try await feed.publishRaw(lines, topic: topicList[round % topicList.count], key: "poison-\(round % 7)")
            ledger.record(lines, door: .kafka, malformed: true)
            let copies = ledger.pickOriginals(max(1, perRound / 4), using: &random).compactMap { original in
                Self.changedCopy(of: original.json).map { BoundaryMutations.Record(stream: original.stream, key: original.key, json: $0) }
            }
            try await feed.publishRecords(copies)
            ledger.record(copies.map(\.json), door: .kafka)
            round += 1
            try await Task.sleep(for: SoakDoor.tick)
        }
    }

    /// `json` with the seconds of its `time` changed ("…T12:00:00+08:00" → "…T12:00:01+08:00").
    static func changedCopy(of json: String) -> String? {
        guard let key = json.range(of: "\"time\":\""),
            let start = json.index(key.upperBound, offsetBy: 17, limitedBy: json.endIndex),
            let end = json.index(start, offsetBy: 2, limitedBy: json.endIndex)
        else { return nil }
        let seconds = json[start..<end]
        return json.replacingCharacters(in: start..<end, with: seconds == "00" ? "01" : "00")
    }
}

/// A flag the phase controller sets once the sending time is over.
final class SoakStop: Sendable {
    private let flag = Mutex(false)
    var isSet: Bool { flag.withLock { $0 } }
    func set() { flag.withLock { $0 = true } }
}
