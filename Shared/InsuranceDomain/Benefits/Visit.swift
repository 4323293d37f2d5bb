/// A visit to estimate: what, when, where and how; amounts in fen.
public struct Visit: Sendable, Hashable {
    public var day: LocalDate
    public var care: CareKind
    /// The eligible cost of the visit.
    public var costFen: Int
    /// The facility visited; nil means the facility in force that day.
    public var facilityCode: String?
    /// 1 (or below), 2 or 3; nil means the level of the facility in force (a hospital's level,
    /// 1 for a community health centre or primary clinic).
    public var facilityLevel: Int?
    public var location: CareLocation
    /// nil: `chosen` in the city, `temporary` outside it.
    public var route: CareRoute?
    /// Outside the city only: within the province.
    public var inProvince: Bool?
    /// What the outpatient fund has already paid in this policy year.
    public var usedFen: Int

    public init(
        day: LocalDate,
        care: CareKind,
        costFen: Int,
        facilityCode: String? = nil,
        facilityLevel: Int? = nil,
        location: CareLocation = .city,
        route: CareRoute? = nil,
        inProvince: Bool? = nil,
        usedFen: Int = 0
    ) {
        self.day = day
        self.care = care
        self.costFen = costFen
        self.facilityCode = facilityCode
        self.facilityLevel = facilityLevel
        self.location = location
        self.route = route
        self.inProvince = inProvince
        self.usedFen = usedFen
    }

    /// Ordinary outpatient care or a consultation in the city on the chosen route: paid only
    /// at the facility in force that day.
    public var atFacilityInForce: Bool {
        location == .city && (route ?? .chosen) == .chosen && care.usesOutpatientFund
    }

    /// The directory's entry for the facility visited: in the city only, because the directory
    /// lists the city's facilities and a code outside it may name another facility.
    public func listedFacility(in directory: FacilityDirectory?) -> DirectoryFacility? {
        guard location == .city, let facilityCode, let directory else { return nil }
        return directory[facilityCode]
    }

    /// The largest cost and fund use accepted (100 million CNY): keeps every product in `Int`.
    public static let maximumFen = 10_000_000_000
}

/// The kind of care a visit is estimated for.
public enum CareKind: String, Sendable, Hashable, CaseIterable {
    /// Ordinary outpatient care (普通门诊统筹).
    case outpatient
    /// The general consultation fee (一般诊疗费), paid at its own rate, not also as outpatient cost.
    case consultation
    /// Inpatient care (住院).
    case inpatient

    /// Outpatient care and consultation fees share the outpatient fund and its annual cap.
    var usesOutpatientFund: Bool { self != .inpatient }
}

/// Where the care is given.
public enum CareLocation: String, Sendable, Hashable, CaseIterable {
    case city
    /// Outside the city (异地就医).
    case elsewhere
}

/// How the insured came to the facility.
public enum CareRoute: String, Sendable, Hashable, CaseIterable {
    /// In the city at the facility of their own choice (ordinary outpatient care only at the
    /// facility in force that day).
    case chosen
    /// Emergency (急诊抢救): any facility; outside the city at a reduced share of the city rate.
    case emergency
    /// Referred (转诊): any facility, city rates.
    case referral
    /// Outside the city with a registered long-term residence (长期异地就医备案): city rates,
    /// for children with local household registration only.
    case registeredResidence = "registered_residence"
    /// Other temporary care outside the city: a reduced share of the city rate.
    case temporary
}
