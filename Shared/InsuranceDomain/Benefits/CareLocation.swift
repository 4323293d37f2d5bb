/// Where the care is given.
public enum CareLocation: String, Sendable, Hashable, CaseIterable {
    case city
    /// Outside the city (异地就医).
    case elsewhere
}
