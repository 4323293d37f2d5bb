/// One facility of the facility directory (`FacilityDirectory`): what the operator's
/// reference data says about it.
public struct DirectoryFacility: Sendable, Hashable {
    /// The facility code, as the binding events and the estimate's `facilityCode` give it.
    public let code: String
    /// The facility's name, for people (the pages may show it).
    public let name: String
    public let kind: FacilityKind
    /// 1, 2 or 3; always 1 for a community health centre or primary clinic, whose care is paid
    /// at the level-1 rate ("level 1 or below").
    public let level: Int
    /// For a community health centre: the code of the hospital it settles with (结算医院), nil
    /// when the directory does not name one. Always nil for other kinds.
    public let settlingHospital: String?

    public init(code: String, name: String, kind: FacilityKind, level: Int, settlingHospital: String? = nil) {
        self.code = code
        self.name = name
        self.kind = kind
        self.level = level
        self.settlingHospital = settlingHospital
    }
}
