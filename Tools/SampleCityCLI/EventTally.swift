import Foundation
import SampleCity

/// Distinct identities of the city's well-formed events and the count of broken ones.
struct EventTally {
    /// Distinct `source`+`id` among the events not broken on purpose.
    let distinct: Int
    /// Events broken on purpose, each counted (a broken line has no trustworthy identity).
    let broken: Int
    var total: Int { distinct + broken }

    init(_ events: some Sequence<SampleEvent>) {
        var identities = Set<String>()
        var broken = 0
        for event in events {
            guard !event.isFaulty else {
                broken += 1
                continue
            }
            identities.insert(Self.identity(of: event.json))
        }
        self.distinct = identities.count
        self.broken = broken
    }

    /// `source` and `id` joined by a separator neither may contain unescaped.
    static func identity(of json: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let source = object["source"] as? String, let id = object["id"] as? String
        else { preconditionFailure("the sample city generated a well-formed event without source and id: \(json.prefix(80))") }
        return source + "\u{0}" + id
    }
}
