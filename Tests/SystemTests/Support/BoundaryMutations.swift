import Foundation
import SampleCity

/// Records derived from valid events by breaking one thing each, as a careless or hostile
/// upstream producer writing straight to Kafka would: control characters, huge and empty
/// strings, dates at and beyond the calendar's ends, extreme and ill-typed numbers, wrong
/// types, and re-sent events (the same bytes, or the same `source`+`id` with changed
/// content). Some mutations stay valid (texts exactly at their limit, dates at the range's
/// ends); which ones is decided by the domain's intake, not here. Deterministic per seed.
struct BoundaryMutations {
    struct Record: Sendable {
        let stream: SampleEvent.Stream
        let key: String
        let json: String
    }

    var random: SplitMix64
    private(set) var counter = 0

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }

    static let controls = ["\u{0}", "\u{1}", "\n", "\t", "\u{1B}", "\u{7F}", "\u{85}", "\u{9F}", "\u{2028}", "\u{2029}", "\u{202E}"]
    static let dates = ["0001-01-01", "1899-12-31", "1900-01-01", "2200-12-31", "2201-01-01", "9999-12-31", "2024-02-30", "24-01-01", ""]
    static let stamps = [
        "0001-01-01T00:00:00Z", "1899-12-31T23:59:59+08:00", "1900-01-01T00:00:00+14:00", "2200-12-31T23:59:59-12:00",
        "9999-12-31T23:59:59Z", "2024-13-01T00:00:00Z", "2024-09-01",
    ]
    static var numbers: [Any] { [Int.max, Int.min, -1, 0, 100_000_001, 1e300, 1.5, "12", true, NSNull()] }
    static var wrongTypes: [Any] { [["a"], ["k": "v"], true, 42, NSNull(), ""] }

    /// One mutation of `event` (a valid structured-mode event).
    mutating func mutate(_ event: Record) -> Record {
        counter += 1
        guard var object = (try? JSONSerialization.jsonObject(with: Data(event.json.utf8))) as? [String: Any],
            var data = object["data"] as? [String: Any]
        else { return event }
        // A fresh id, so that each mutation is its own record; re-sends keep the original's.
        let freshId = "mut-\(counter)-" + String(random.next() % 1_000_000)
        object["id"] = freshId
        let strings = data.filter { $0.value is String }.map(\.key).sorted()
        let numbersInData = data.filter { $0.value is NSNumber && !($0.value is Bool) }.map(\.key).sorted()
        switch counter % 14 {
        case 0: data[pick(strings)] = "ab" + pick(Self.controls) + "cd"
        case 1: object[pick(["id", "source", "subject", "traceparent"])] = "x" + pick(Self.controls)
        case 2: data["note"] = "hidden " + pick(Self.controls) + " text"
        case 3: data[pick(strings)] = String(repeating: pick(["a", "名", "<"]), count: pick([201, 501, 5_000, 60_000]))
        case 4: data[pick(strings)] = ""
        case 5:
            let dated = strings.filter { $0.hasSuffix("On") || $0 == "birthDate" }
            if let field = dated.isEmpty ? nil : pick(dated) { data[field] = pick(Self.dates) } else { object["time"] = pick(Self.stamps) }
        case 6: object["time"] = pick(Self.stamps)
        case 7: if numbersInData.isEmpty { data["extra"] = pick(Self.numbers) } else { data[pick(numbersInData)] = pick(Self.numbers) }
        case 8: data[pick(Array(data.keys).sorted())] = pick(Self.wrongTypes)
        case 9: object[pick(["specversion", "type", "time", "source"])] = pick(Self.wrongTypes)
        case 10:
            // Re-sent unchanged: the same bytes, no further effect.
            return event
        case 11:
            // Re-sent with the same source+id and a changed field: the first copy stands.
            object["id"] = (try? JSONSerialization.jsonObject(with: Data(event.json.utf8)) as? [String: Any])?["id"] ?? freshId
            if let field = numbersInData.first {
                data[field] = ((data[field] as? Int) ?? 0) == 0 ? 1 : 0
            } else if let field = strings.first(where: { $0 != "personId" }) {
                data[field] = "changed"
            } else {
                data["changed"] = true
            }
        case 12:
            // Valid at the limits: a text exactly at its length limit, dates at the range's ends.
            if let field = strings.first(where: { ["reason", "facilityCode", "channel"].contains($0) }) {
                data[field] = String(repeating: "名", count: field == "reason" ? 500 : 64)
            }
            object["time"] = pick(["1900-01-01T00:00:00+08:00", "2200-12-31T23:59:59+08:00"])
        default:
            object["data"] = String(repeating: "{", count: 100)
            return Self.record(event, object)
        }
        object["data"] = data
        return Self.record(event, object)
    }

    static func record(_ original: Record, _ object: [String: Any]) -> Record {
        let bytes = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{".utf8)
        return Record(stream: original.stream, key: original.key, json: String(decoding: bytes, as: UTF8.self))
    }
}
