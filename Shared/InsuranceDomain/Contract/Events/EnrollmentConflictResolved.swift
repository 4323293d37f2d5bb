/// `insurance.enrollment.conflict_resolved.v1`: the duplicate enrolment elsewhere was stopped;
/// benefits here resume on `resolvedOn` (that day is covered again).
public struct EnrollmentConflictResolved: Sendable, Hashable {
    public var personId: String
    /// The `conflictId` of the detection this resolves.
    public var conflictId: String
    public var resolvedOn: LocalDate

    public init(personId: String, conflictId: String, resolvedOn: LocalDate) {
        self.personId = personId
        self.conflictId = conflictId
        self.resolvedOn = resolvedOn
    }

    static let fields: [EventField] = [
        EventField("personId", .identifier), EventField("conflictId", .identifier), EventField("resolvedOn", .date),
    ]

    init?(data d: DataObject) {
        guard let personId = d.string("personId"), let conflictId = d.string("conflictId"),
            let resolvedOn = d.date("resolvedOn")
        else { return nil }
        self.init(personId: personId, conflictId: conflictId, resolvedOn: resolvedOn)
    }

    var data: JSONValue {
        .object([
            JSONMember("personId", .string(personId)), JSONMember("conflictId", .string(conflictId)),
            JSONMember("resolvedOn", .string(resolvedOn.description)),
        ])
    }
}
