/// One row of `family_account_bindings`: an authoriser sharing a personal account with the person.
public struct FamilyAccountBindingRow: Sendable, Hashable, Codable {
    public var authoriserId: String
    /// `parent`, `spouse` or `child`.
    public var relationship: String
    public var boundOn: String
    public var revokedOn: String?
    /// Order in which authorisers' accounts are used (1 first).
    public var rank: Int?
    /// `accepted` or `refused`.
    public var status: BindingStatus
    public var reason: String?

    public init(
        authoriserId: String,
        relationship: String,
        boundOn: String,
        revokedOn: String? = nil,
        rank: Int? = nil,
        status: BindingStatus,
        reason: String? = nil
    ) {
        self.authoriserId = authoriserId
        self.relationship = relationship
        self.boundOn = boundOn
        self.revokedOn = revokedOn
        self.rank = rank
        self.status = status
        self.reason = reason
    }
}
