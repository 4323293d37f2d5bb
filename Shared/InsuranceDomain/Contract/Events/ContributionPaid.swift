/// `insurance.contribution.paid.v1`: money received for a person and policy year
/// (the premium of September Y to August Y+1). Instalments are separate events with
/// their own `paymentId` and the same `dueFen`.
public struct ContributionPaid: Sendable, Hashable {
    public var paymentId: String
    public var personId: String
    public var policyYear: Int
    /// Paid now, in fen.
    public var amountFen: Int
    /// Total assessed for this person and policy year, in fen.
    public var dueFen: Int
    public var paidAt: Timestamp
    /// The guardian pays from the date of birth (newborn rule).
    public var fromBirth: Bool
    public var channel: String?

    public init(
        paymentId: String,
        personId: String,
        policyYear: Int,
        amountFen: Int,
        dueFen: Int,
        paidAt: Timestamp,
        fromBirth: Bool = false,
        channel: String? = nil
    ) {
        self.paymentId = paymentId
        self.personId = personId
        self.policyYear = policyYear
        self.amountFen = amountFen
        self.dueFen = dueFen
        self.paidAt = paidAt
        self.fromBirth = fromBirth
        self.channel = channel
    }

    static let fields: [EventField] = [
        EventField("paymentId", .identifier),
        EventField("personId", .identifier),
        EventField("policyYear", .integer(minimum: 2000, maximum: 2100)),
        EventField("amountFen", .integer(minimum: 0, maximum: 100_000_000)),
        EventField("dueFen", .integer(minimum: 1, maximum: 100_000_000)),
        EventField("paidAt", .timestamp),
        EventField("fromBirth", .boolean, required: false),
        EventField("channel", .text, required: false, maxLength: InputLimits.codeLength),
    ]

    init?(data d: DataObject) {
        guard let paymentId = d.string("paymentId"), let personId = d.string("personId"),
            let policyYear = d.int("policyYear"), let amountFen = d.int("amountFen"), let dueFen = d.int("dueFen"),
            let paidAt = d.timestamp("paidAt")
        else { return nil }
        self.init(
            paymentId: paymentId,
            personId: personId,
            policyYear: policyYear,
            amountFen: amountFen,
            dueFen: dueFen,
            paidAt: paidAt,
            fromBirth: d.bool("fromBirth") ?? false,
            channel: d.string("channel")
        )
    }

    /// Nobody owes more than a whole year. Judged only against a year whose parameters are
    /// published: a year the policy file does not list, or lists but marks `assumed` (carried
    /// forward, not yet announced), is never a reason to refuse; every year's premium rises,
    /// so last year's would refuse real payments (docs/rules.md, rule 10).
    func problems(policy: PolicyBook) -> [FieldProblem] {
        if let year = policy.publishedYear(policyYear), dueFen > year.individualPremiumFen {
            return [
                FieldProblem(
                    field: "data.dueFen",
                    rule: "must not exceed the annual individual premium of \(year.individualPremiumFen) fen for \(policyYear)"
                )
            ]
        }
        return []
    }

    var data: JSONValue {
        var m: [JSONMember] = [
            JSONMember("paymentId", .string(paymentId)), JSONMember("personId", .string(personId)),
            JSONMember("policyYear", .number(String(policyYear))), JSONMember("amountFen", .number(String(amountFen))),
            JSONMember("dueFen", .number(String(dueFen))), JSONMember("paidAt", .string(paidAt.description)),
            JSONMember("fromBirth", .bool(fromBirth)),
        ]
        if let channel { m.append(JSONMember("channel", .string(channel))) }
        return .object(m)
    }
}
