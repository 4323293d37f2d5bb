/// An authoriser's personal account paying for the beneficiary from `boundOn` until the day
/// before `revokedOn` (open when nil).
public struct FamilyAuthorisation: Sendable, Hashable {
    /// The binding event's `id`.
    public let eventId: String
    public let beneficiaryId: String
    public let authoriserId: String
    public let relationship: FamilyRelationship
    public let boundOn: LocalDate
    public let revokedOn: LocalDate?

    public init(
        eventId: String,
        beneficiaryId: String,
        authoriserId: String,
        relationship: FamilyRelationship,
        boundOn: LocalDate,
        revokedOn: LocalDate?
    ) {
        self.eventId = eventId
        self.beneficiaryId = beneficiaryId
        self.authoriserId = authoriserId
        self.relationship = relationship
        self.boundOn = boundOn
        self.revokedOn = revokedOn
    }

    public func isInForce(on day: LocalDate) -> Bool {
        boundOn <= day && (revokedOn.map { day < $0 } ?? true)
    }

    func overlaps(_ other: FamilyAuthorisation) -> Bool {
        let endA = revokedOn ?? LocalDate.maximum
        let endB = other.revokedOn ?? LocalDate.maximum
        return boundOn < endB && other.boundOn < endA
    }
}
