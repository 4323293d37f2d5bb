/// The thresholds of the rules that do not change per policy year, kept as data in one place
/// so a policy office can change them (optional `"rules"` object in the policy JSON).
public struct PolicyRules: Sendable, Hashable, Codable {
    /// A newborn enrolled on or before birth date + this many months may pay from birth.
    public var newbornEnrolmentMonths: Int = 6
    /// A non-local pupil qualifies when a guardian has this many months of city social insurance.
    public var nonLocalPupilGuardianMonths: Int = 12
    /// Children not in school qualify below this age (and only with local registration).
    public var childNotInSchoolAgeLimit: Int = 18
    /// From this age only a community health centre or a primary clinic may be chosen.
    public var hospitalChoiceAgeLimit: Int = 14
    /// The highest hospital level a child below `hospitalChoiceAgeLimit` may choose.
    public var maximumHospitalLevel: Int = 2
    /// A facility choice cannot change within this many months.
    public var facilityChangeLockMonths: Int = 1
    /// An authoriser shares their personal account with at most this many beneficiaries
    /// (a family group holds at most 7 people nationally; docs/rules.md, "Family account sharing").
    public var maximumBeneficiariesPerAuthoriser: Int = 7
    /// A child is renewed by default (默认续保) only while under this age on 1 September.
    public var defaultRenewalAgeLimit: Int = 18

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = PolicyRules()
        newbornEnrolmentMonths = try c.decodeIfPresent(Int.self, forKey: .newbornEnrolmentMonths) ?? d.newbornEnrolmentMonths
        nonLocalPupilGuardianMonths = try c.decodeIfPresent(Int.self, forKey: .nonLocalPupilGuardianMonths) ?? d.nonLocalPupilGuardianMonths
        childNotInSchoolAgeLimit = try c.decodeIfPresent(Int.self, forKey: .childNotInSchoolAgeLimit) ?? d.childNotInSchoolAgeLimit
        hospitalChoiceAgeLimit = try c.decodeIfPresent(Int.self, forKey: .hospitalChoiceAgeLimit) ?? d.hospitalChoiceAgeLimit
        maximumHospitalLevel = try c.decodeIfPresent(Int.self, forKey: .maximumHospitalLevel) ?? d.maximumHospitalLevel
        facilityChangeLockMonths = try c.decodeIfPresent(Int.self, forKey: .facilityChangeLockMonths) ?? d.facilityChangeLockMonths
        maximumBeneficiariesPerAuthoriser =
            try c.decodeIfPresent(Int.self, forKey: .maximumBeneficiariesPerAuthoriser) ?? d.maximumBeneficiariesPerAuthoriser
        defaultRenewalAgeLimit = try c.decodeIfPresent(Int.self, forKey: .defaultRenewalAgeLimit) ?? d.defaultRenewalAgeLimit
    }
}
