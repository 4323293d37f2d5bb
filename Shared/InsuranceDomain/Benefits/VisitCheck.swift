/// The combinations of visit fields the estimate refuses, each named by field and rule.
enum VisitCheck {
    /// `facilities`: the facility directory, when one is loaded. A facility it lists needs no
    /// `facilityLevel` (the directory's is used), and a `facilityLevel` that contradicts it is refused.
    static func problem(_ visit: Visit, facilities: FacilityDirectory? = nil) -> EstimateProblem? {
        if !(0...Visit.maximumFen).contains(visit.costFen) {
            return EstimateProblem(field: "costFen", rule: "must be a whole number of fen from 0 to \(Visit.maximumFen)")
        }
        if !(0...Visit.maximumFen).contains(visit.usedFen) {
            return EstimateProblem(field: "usedFen", rule: "must be a whole number of fen from 0 to \(Visit.maximumFen)")
        }
        if let level = visit.facilityLevel, !BenefitRates.levels.contains(level) {
            return EstimateProblem(field: "facilityLevel", rule: "must be 1, 2 or 3")
        }
        if let code = visit.facilityCode, code.isEmpty || code.utf8.count > 64 {
            return EstimateProblem(field: "facilityCode", rule: "must be 1–64 characters")
        }
        switch (visit.location, visit.route) {
        case (.city, .registeredResidence?), (.city, .temporary?):
            return EstimateProblem(field: "route", rule: "registered_residence and temporary apply only with where=elsewhere")
        case (.elsewhere, .chosen?):
            return EstimateProblem(
                field: "route",
                rule: "chosen applies only in the city; outside it use emergency, referral, registered_residence or temporary"
            )
        default:
            break
        }
        let listed = visit.listedFacility(in: facilities)
        if let listed, let given = visit.facilityLevel, given != listed.level {
            return EstimateProblem(
                field: "facilityLevel",
                rule: "the facility directory lists \(listed.code) as level \(listed.level), not \(given)"
            )
        }
        if visit.facilityLevel == nil, listed == nil, !visit.atFacilityInForce {
            return EstimateProblem(
                field: "facilityLevel",
                rule:
                    "is required (1, 2 or 3) unless the visit is ordinary outpatient care or a consultation in the city on the chosen route, or the facility directory lists facilityCode"
            )
        }
        if visit.location == .city, visit.inProvince != nil {
            return EstimateProblem(field: "inProvince", rule: "applies only with where=elsewhere")
        }
        return nil
    }
}

/// A visit the estimate cannot be made for: the field (query parameter) and the rule it breaks.
public struct EstimateProblem: Error, Sendable, Hashable {
    public let field: String
    public let rule: String

    public init(field: String, rule: String) {
        self.field = field
        self.rule = rule
    }
}
