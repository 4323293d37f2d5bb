/// One row of `facility_bindings`: a chosen outpatient facility, in force (`endsOn` nil) or past,
/// accepted or refused (then `reason` says why).
public struct FacilityBindingRow: Sendable, Hashable, Codable {
    public var facilityCode: String
    /// `community_health_centre`, `primary_clinic` or `hospital`.
    public var facilityKind: String
    public var hospitalLevel: Int?
    public var boundOn: String
    public var endsOn: String?
    /// `accepted` or `refused`.
    public var status: BindingStatus
    public var reason: String?

    public init(
        facilityCode: String,
        facilityKind: String,
        hospitalLevel: Int? = nil,
        boundOn: String,
        endsOn: String? = nil,
        status: BindingStatus,
        reason: String? = nil
    ) {
        self.facilityCode = facilityCode
        self.facilityKind = facilityKind
        self.hospitalLevel = hospitalLevel
        self.boundOn = boundOn
        self.endsOn = endsOn
        self.status = status
        self.reason = reason
    }
}
