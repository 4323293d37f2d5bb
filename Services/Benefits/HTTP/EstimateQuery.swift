import InsuranceDomain

/// The query of `GET /v1/persons/{personId}/estimate`, read into a `Visit`; every bad value is
/// a problem naming its parameter. Parameters the endpoint does not know are refused, so a
/// misspelt one is never silently ignored. An empty value (a form field left blank) counts as
/// not given: required parameters then say they are required.
enum EstimateQuery {
    static let parameters: Set<String> = [
        "on", "care", "costFen", "facilityCode", "facilityLevel", "where", "route", "inProvince", "usedFen",
    ]

    /// `today` is used when `on` is absent.
    static func visit(_ query: [(name: String, value: String)], today: LocalDate) -> Result<Visit, EstimateProblem> {
        var values: [String: String] = [:]
        for (name, value) in query {
            guard parameters.contains(name) else {
                return .failure(
                    EstimateProblem(field: name, rule: "is not a parameter of the estimate (\(parameters.sorted().joined(separator: ", ")))")
                )
            }
            guard values[name] == nil else { return .failure(EstimateProblem(field: name, rule: "must be given once")) }
            // An empty value is a field left blank in a form: not given.
            if !value.isEmpty { values[name] = value }
        }
        var day = today
        if let text = values["on"] {
            guard let parsed = LocalDate(text) else { return .failure(EstimateProblem(field: "on", rule: "must be a calendar date YYYY-MM-DD")) }
            day = parsed
        }
        guard let careText = values["care"] else {
            return .failure(EstimateProblem(field: "care", rule: "is required: outpatient, consultation or inpatient"))
        }
        guard let care = CareKind(rawValue: careText) else {
            return .failure(EstimateProblem(field: "care", rule: "must be outpatient, consultation or inpatient"))
        }
        guard let costText = values["costFen"] else {
            return .failure(EstimateProblem(field: "costFen", rule: "is required: the eligible cost in fen"))
        }
        guard let cost = wholeFen(costText) else { return .failure(fenProblem("costFen")) }
        var used = 0
        if let text = values["usedFen"] {
            guard let parsed = wholeFen(text) else { return .failure(fenProblem("usedFen")) }
            used = parsed
        }
        var level: Int?
        if let text = values["facilityLevel"] {
            guard let parsed = Int(text), BenefitRates.levels.contains(parsed), text.utf8.allSatisfy({ (48...57).contains($0) }) else {
                return .failure(EstimateProblem(field: "facilityLevel", rule: "must be 1, 2 or 3"))
            }
            level = parsed
        }
        var location = CareLocation.city
        if let text = values["where"] {
            guard let parsed = CareLocation(rawValue: text) else {
                return .failure(EstimateProblem(field: "where", rule: "must be city or elsewhere"))
            }
            location = parsed
        }
        var route: CareRoute?
        if let text = values["route"] {
            guard let parsed = CareRoute(rawValue: text) else {
                return .failure(EstimateProblem(field: "route", rule: "must be chosen, emergency, referral, registered_residence or temporary"))
            }
            route = parsed
        }
        var inProvince: Bool?
        if let text = values["inProvince"] {
            switch text {
            case "true": inProvince = true
            case "false": inProvince = false
            default: return .failure(EstimateProblem(field: "inProvince", rule: "must be true or false"))
            }
        }
        return .success(
            Visit(
                day: day,
                care: care,
                costFen: cost,
                facilityCode: values["facilityCode"],
                facilityLevel: level,
                location: location,
                route: route,
                inProvince: inProvince,
                usedFen: used
            )
        )
    }

    /// Digits only (no sign, no decimal point), at most `Visit.maximumFen`.
    private static func wholeFen(_ text: String) -> Int? {
        guard (1...11).contains(text.utf8.count), text.utf8.allSatisfy({ (48...57).contains($0) }),
            let value = Int(text), value <= Visit.maximumFen
        else { return nil }
        return value
    }

    private static func fenProblem(_ field: String) -> EstimateProblem {
        EstimateProblem(field: field, rule: "must be a whole number of fen from 0 to \(Visit.maximumFen) (digits only)")
    }
}
