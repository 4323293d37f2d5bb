/// `insurance.enrollment.stopped.v1`: insurance stops (停保) from `effectiveOn`, the first
/// day without benefits.
public struct EnrollmentStopped: Sendable, Hashable {
    public var personId: String
    public var effectiveOn: LocalDate
    public var reason: String

    public init(personId: String, effectiveOn: LocalDate, reason: String) {
        self.personId = personId
        self.effectiveOn = effectiveOn
        self.reason = reason
    }

    static let fields: [EventField] = [
        EventField("personId", .identifier), EventField("effectiveOn", .date), EventField("reason", .text, maxLength: InputLimits.freeTextLength),
    ]

    init?(data d: DataObject) {
        guard let personId = d.string("personId"), let effectiveOn = d.date("effectiveOn"),
            let reason = d.string("reason")
        else { return nil }
        self.init(personId: personId, effectiveOn: effectiveOn, reason: reason)
    }

    var data: JSONValue {
        .object([
            JSONMember("personId", .string(personId)), JSONMember("effectiveOn", .string(effectiveOn.description)),
            JSONMember("reason", .string(reason)),
        ])
    }
}
