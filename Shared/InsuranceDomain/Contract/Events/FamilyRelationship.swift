/// How the authoriser of a family account is related to the beneficiary.
public enum FamilyRelationship: String, Sendable, Hashable, CaseIterable, Codable {
    case parent
    case spouse
    case child
}
