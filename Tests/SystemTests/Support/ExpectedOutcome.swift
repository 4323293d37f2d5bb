import Foundation
import InsuranceDomain
import SampleCity

/// The domain library's direct answer for the events a test sent: what the contract
/// tables must hold once the pipeline has caught up, however the events travelled.
struct ExpectedOutcome: Sendable {
    /// `CoverageEngine.evaluateAll` over the valid events, as sorted `coverage_periods` rows.
    let coverage: [CoverageRow]
    /// Per person, the periods the HTTP coverage endpoint must answer.
    let periodsByPerson: [String: [CoverageRow]]
    /// Distinct `source`+`id` of the events the intake accepts.
    let validIdentities: Set<EventIdentity>
    /// `source`+`id` of refused events whose envelope still names them.
    let refusedIdentities: Set<EventIdentity>
    /// Refused lines sent, each one counted (each is a Kafka record of its own).
    let refusedCount: Int
    let personIds: [String]

    /// `lines` are exactly the payloads sent (duplicates included); validity is decided by
    /// the same intake the services use, not by the generator's `isFaulty` flag.
    init(lines: [String], policy: PolicyBook = .bundledDefaults) {
        var valid: [EventIdentity: ValidatedEvent] = [:]
        var refused = Set<EventIdentity>()
        var refusedCount = 0
        for line in lines {
            switch EventIntake.validate(json: Array(line.utf8), policy: policy) {
            case .success(let event):
                valid[event.identity] = valid[event.identity] ?? event
            case .failure:
                refusedCount += 1
                if let identity = Self.identity(of: line) { refused.insert(identity) }
            }
        }
        let events = valid.values.sorted { $0.identity < $1.identity }
        let answers = CoverageEngine.evaluateAll(events: events, policy: policy)
        var byPerson: [String: [CoverageRow]] = [:]
        for answer in answers {
            byPerson[answer.personId] = answer.periods.map { CoverageRow(personId: answer.personId, period: $0) }
        }
        self.coverage = byPerson.values.flatMap { $0 }.sorted()
        self.periodsByPerson = byPerson
        self.validIdentities = Set(valid.keys)
        self.refusedIdentities = refused
        self.refusedCount = refusedCount
        self.personIds = byPerson.keys.sorted()
    }

    /// The envelope's `source` and `id` when the line is a JSON object that has both as strings.
    static func identity(of line: String) -> EventIdentity? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let source = object["source"] as? String, let id = object["id"] as? String
        else { return nil }
        return EventIdentity(source: source, id: id)
    }
}
