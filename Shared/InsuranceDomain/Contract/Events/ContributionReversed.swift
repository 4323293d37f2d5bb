/// `insurance.contribution.reversed.v1`: a payment is reversed or refunded (退费) and no
/// longer counts, whenever it arrives relative to the payment.
public struct ContributionReversed: Sendable, Hashable {
    public var paymentId: String
    public var personId: String
    public var reversedAt: Timestamp
    public var reason: String

    public init(paymentId: String, personId: String, reversedAt: Timestamp, reason: String) {
        self.paymentId = paymentId
        self.personId = personId
        self.reversedAt = reversedAt
        self.reason = reason
    }

    static let fields: [EventField] = [
        EventField("paymentId", .identifier), EventField("personId", .identifier),
        EventField("reversedAt", .timestamp), EventField("reason", .text, maxLength: InputLimits.freeTextLength),
    ]

    init?(data d: DataObject) {
        guard let paymentId = d.string("paymentId"), let personId = d.string("personId"),
            let reversedAt = d.timestamp("reversedAt"), let reason = d.string("reason")
        else { return nil }
        self.init(paymentId: paymentId, personId: personId, reversedAt: reversedAt, reason: reason)
    }

    var data: JSONValue {
        .object([
            JSONMember("paymentId", .string(paymentId)), JSONMember("personId", .string(personId)),
            JSONMember("reversedAt", .string(reversedAt.description)), JSONMember("reason", .string(reason)),
        ])
    }
}
