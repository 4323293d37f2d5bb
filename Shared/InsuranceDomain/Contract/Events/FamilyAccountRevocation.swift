/// `insurance.binding.family_account_revoked.v1`: the authoriser's account stops paying for
/// the beneficiary from `revokedOn`.
public struct FamilyAccountRevocation: Sendable, Hashable {
    public var personId: String
    public var authoriserId: String
    public var revokedOn: LocalDate

    public init(personId: String, authoriserId: String, revokedOn: LocalDate) {
        self.personId = personId
        self.authoriserId = authoriserId
        self.revokedOn = revokedOn
    }

    static let fields: [EventField] = [
        EventField("personId", .identifier), EventField("authoriserId", .identifier), EventField("revokedOn", .date),
    ]

    init?(data d: DataObject) {
        guard let personId = d.string("personId"), let authoriserId = d.string("authoriserId"),
            let revokedOn = d.date("revokedOn")
        else { return nil }
        self.init(personId: personId, authoriserId: authoriserId, revokedOn: revokedOn)
    }

    var data: JSONValue {
        .object([
            JSONMember("personId", .string(personId)), JSONMember("authoriserId", .string(authoriserId)),
            JSONMember("revokedOn", .string(revokedOn.description)),
        ])
    }
}
