/// Household registration: local (本市户籍) or not.
public enum Hukou: String, Sendable, Hashable, CaseIterable, Codable {
    case local
    case nonLocal = "non_local"
}
