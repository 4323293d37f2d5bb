/// The kind of outpatient facility chosen (基层选定).
public enum FacilityKind: String, Sendable, Hashable, CaseIterable, Codable {
    case communityHealthCentre = "community_health_centre"
    case primaryClinic = "primary_clinic"
    case hospital
}
