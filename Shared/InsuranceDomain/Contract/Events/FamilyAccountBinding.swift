/// `insurance.binding.family_account.v1`: an employee participant (the authoriser) lets
/// their personal account pay for the beneficiary `personId` (家庭共济).
public struct FamilyAccountBinding: Sendable, Hashable {
    public var personId: String
    public var authoriserId: String
    public var relationship: FamilyRelationship
    /// 1 or 2; only tier 1 (基本医疗保险一档) may authorise, tier 2 is refused by the engine.
    public var authoriserTier: Int
    public var boundOn: LocalDate

    public init(personId: String, authoriserId: String, relationship: FamilyRelationship, authoriserTier: Int, boundOn: LocalDate) {
        self.personId = personId
        self.authoriserId = authoriserId
        self.relationship = relationship
        self.authoriserTier = authoriserTier
        self.boundOn = boundOn
    }

    static let fields: [EventField] = [
        EventField("personId", .identifier),
        EventField("authoriserId", .identifier),
        EventField("relationship", .enumeration(FamilyRelationship.allCases.map(\.rawValue))),
        EventField("authoriserTier", .integer(minimum: 1, maximum: 2)),
        EventField("boundOn", .date),
    ]

    init?(data d: DataObject) {
        guard let personId = d.string("personId"), let authoriserId = d.string("authoriserId"),
            let relationship = d.enumeration("relationship", FamilyRelationship.self),
            let tier = d.int("authoriserTier"), let boundOn = d.date("boundOn")
        else { return nil }
        self.init(personId: personId, authoriserId: authoriserId, relationship: relationship, authoriserTier: tier, boundOn: boundOn)
    }

    func problems() -> [FieldProblem] {
        authoriserId == personId
            ? [FieldProblem(field: "data.authoriserId", rule: "must differ from data.personId")] : []
    }

    var data: JSONValue {
        .object([
            JSONMember("personId", .string(personId)), JSONMember("authoriserId", .string(authoriserId)),
            JSONMember("relationship", .string(relationship.rawValue)),
            JSONMember("authoriserTier", .number(String(authoriserTier))), JSONMember("boundOn", .string(boundOn.description)),
        ])
    }
}

/// How the authoriser of a family account is related to the beneficiary.
public enum FamilyRelationship: String, Sendable, Hashable, CaseIterable, Codable {
    case parent
    case spouse
    case child
}
