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
