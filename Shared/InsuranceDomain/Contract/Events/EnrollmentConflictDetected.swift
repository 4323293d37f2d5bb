/// `insurance.enrollment.conflict_detected.v1`: the province's check found the person also
/// enrolled as a resident in another city of the province (重复参保). Benefits here are
/// blocked from `detectedOn` until the conflict is resolved.
public struct EnrollmentConflictDetected: Sendable, Hashable {
    public var personId: String
    /// Names the conflict; its resolution carries the same id.
    public var conflictId: String
    /// The code of the other city.
    public var otherRegion: String
    /// The first day without benefits.
    public var detectedOn: LocalDate

    public init(personId: String, conflictId: String, otherRegion: String, detectedOn: LocalDate) {
        self.personId = personId
        self.conflictId = conflictId
        self.otherRegion = otherRegion
        self.detectedOn = detectedOn
    }

    static let fields: [EventField] = [
        EventField("personId", .identifier), EventField("conflictId", .identifier),
        EventField("otherRegion", .identifier), EventField("detectedOn", .date),
    ]

    init?(data d: DataObject) {
        guard let personId = d.string("personId"), let conflictId = d.string("conflictId"),
            let otherRegion = d.string("otherRegion"), let detectedOn = d.date("detectedOn")
        else { return nil }
        self.init(personId: personId, conflictId: conflictId, otherRegion: otherRegion, detectedOn: detectedOn)
    }

    var data: JSONValue {
        .object([
            JSONMember("personId", .string(personId)), JSONMember("conflictId", .string(conflictId)),
            JSONMember("otherRegion", .string(otherRegion)), JSONMember("detectedOn", .string(detectedOn.description)),
        ])
    }
}
