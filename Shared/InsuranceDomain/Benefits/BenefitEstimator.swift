/// What benefits pay for a visit (docs/estimate-and-renewals.md): a pure function of the
/// person's coverage, the visit and the policy year's figures.
///
/// - Nothing is paid on a day without coverage.
/// - Ordinary outpatient care and consultation fees in the city on the `chosen` route are
///   paid only at the facility in force that day (emergencies and referrals go anywhere) or,
///   for a community health centre, at the hospital it settles with and that hospital's other
///   centres, which only the facility directory knows.
/// - The city rate is per level; outside the city a share of it applies by route.
/// - Inpatient care is paid above the deductible; outpatient care and consultation fees
///   share the annual cap, and a visit crossing it is paid only up to it.
/// - Rounding: the product is rounded down to the fen, once, at the end (the fund never pays
///   a fraction of a fen; at most one fen less for the insured).
public enum BenefitEstimator {
    /// `facilities`: the facility directory the operator loaded, nil when none is. It gives the
    /// level of every facility it lists in the city (its kind and level win over a binding's) and
    /// the settling hospital of each community health centre; without it a visit to another
    /// facility than a community health centre in force is `settlingHospitalUnknown`.
    public static func estimate(
        _ visit: Visit,
        coverage: PersonCoverage,
        policy: PolicyBook,
        facilities: FacilityDirectory? = nil
    ) -> Result<BenefitEstimate, EstimateProblem> {
        if let problem = VisitCheck.problem(visit, facilities: facilities) { return .failure(problem) }
        let period: CoveragePeriod
        switch coverage.status(on: visit.day) {
        case .notCovered(let why):
            return .success(nothing(covered: false, [.notCovered(why)], policyYear: nil, assumed: false))
        case .covered(let p):
            period = p
        }
        let (rates, assumed) = policy.benefits(for: period.policyYear)
        let route = visit.route ?? (visit.location == .city ? .chosen : .temporary)

        // The facility rule, and the level whose rate applies.
        var reasons: [EstimateReason] = []
        let level: Int
        if visit.atFacilityInForce {
            switch facilityCheck(visit, status: coverage.facilityStatus(on: visit.day), facilities: facilities) {
            case .unpaid(let reason):
                return .success(nothing(covered: true, [reason], policyYear: period.policyYear, assumed: assumed))
            case .problem(let problem):
                return .failure(problem)
            case .level(let inForceLevel):
                level = inForceLevel
            }
        } else {
            // `VisitCheck` requires the level for every visit not at the facility in force, unless
            // the directory lists the facility (and then refuses a level that contradicts it).
            level = visit.listedFacility(in: facilities)?.level ?? visit.facilityLevel ?? 1
        }

        // The share of the city rate outside the city.
        var shareBasisPoints = 10_000
        if visit.location == .elsewhere {
            var effective = route
            if route == .registeredResidence, coverage.householdRegistration(on: visit.day) == .nonLocal {
                reasons.append(.residenceNeedsLocalRegistration)
                effective = .temporary
            }
            switch effective {
            case .emergency:
                shareBasisPoints = rates.elsewhereEmergencyBasisPoints
                reasons.append(.emergencyElsewhere(basisPoints: shareBasisPoints))
            case .temporary:
                shareBasisPoints =
                    visit.care == .inpatient && visit.inProvince == true
                    ? rates.elsewhereTemporaryInpatientInProvinceBasisPoints : rates.elsewhereTemporaryBasisPoints
                reasons.append(.temporaryElsewhere(basisPoints: shareBasisPoints))
            case .chosen, .referral, .registeredResidence:
                break
            }
        }

        let index = level - 1
        let cityRate: Int
        var eligibleFen = visit.costFen
        switch visit.care {
        case .outpatient: cityRate = rates.outpatientRateBasisPoints[index]
        case .consultation: cityRate = rates.consultationRateBasisPoints[index]
        case .inpatient:
            cityRate = rates.inpatientRateBasisPoints[index]
            let deductible = rates.inpatientDeductibleFen[index]
            if deductible > 0 {
                reasons.append(visit.costFen <= deductible ? .belowDeductible(deductibleFen: deductible) : .deductible(deductibleFen: deductible))
            }
            eligibleFen = max(0, visit.costFen - deductible)
        }
        let rate = cityRate * shareBasisPoints
        // Rounded down to the fen, once (rate is in parts per 10^8).
        var payable = eligibleFen * rate / 100_000_000
        var capRemaining: Int?
        if visit.care.usesOutpatientFund {
            let left = max(0, rates.outpatientAnnualCapFen - visit.usedFen)
            if payable > left {
                reasons.append(left == 0 ? .capReached : .capCrossed(paidUpToFen: left))
                payable = left
            }
            capRemaining = left - payable
        }
        let deductibleAssumed = visit.care == .inpatient && rates.deductibleAssumed
        return .success(
            BenefitEstimate(
                covered: true,
                payableFen: payable,
                ratePartsPerHundredMillion: rate,
                capRemainingFen: capRemaining,
                reasons: reasons,
                policyYear: period.policyYear,
                assumedParameters: assumed || deductibleAssumed
            )
        )
    }

    /// What the facility rule makes of a visit on the chosen route.
    enum FacilityCheck {
        /// At the facility in force, of this level.
        case level(Int)
        /// Nothing is paid, for this reason.
        case unpaid(EstimateReason)
        /// The query contradicts the facility in force.
        case problem(EstimateProblem)
    }

    static func facilityCheck(_ visit: Visit, status: FacilityStatus, facilities: FacilityDirectory? = nil) -> FacilityCheck {
        switch status {
        case .noneChosen: return .unpaid(.noFacilityInForce)
        case .hospitalChoiceLapsed(let since, _): return .unpaid(.hospitalChoiceLapsed(since: since))
        case .inForce(let binding):
            let inForce = binding.facilityCode
            if let visited = visit.facilityCode, visited != inForce {
                return settlingNetworkCheck(visited: visited, binding: binding, facilities: facilities)
            }
            // The directory is the operator's reference data: its level wins over the one the
            // binding event gave when the facility was chosen.
            let listed = facilities?[inForce]
            let level = listed?.level ?? (binding.facilityKind == .hospital ? (binding.hospitalLevel ?? 1) : 1)
            if let given = visit.facilityLevel, given != level {
                let source = listed == nil ? "" : " in the facility directory"
                return .problem(
                    EstimateProblem(
                        field: "facilityLevel",
                        rule: "the facility in force (\(inForce)) is level \(level)\(source), not \(given)"
                    )
                )
            }
            return .level(level)
        }
    }

    /// A visit to another facility than the one in force: paid only when the one in force is a
    /// community health centre and the visited facility is the hospital it settles with or
    /// another centre settling with that hospital, at the visited facility's level.
    static func settlingNetworkCheck(visited: String, binding: FacilityBinding, facilities: FacilityDirectory?) -> FacilityCheck {
        let inForce = binding.facilityCode
        let notInForce = FacilityCheck.unpaid(.notFacilityInForce(visited: visited, inForce: inForce))
        let centre = facilities?[inForce]
        guard (centre?.kind ?? binding.facilityKind) == .communityHealthCentre else { return notInForce }
        guard let facilities else {
            return .unpaid(.settlingHospitalUnknown(visited: visited, centre: inForce, directoryLoaded: false))
        }
        guard let hospital = centre?.settlingHospital else {
            return .unpaid(.settlingHospitalUnknown(visited: visited, centre: inForce, directoryLoaded: true))
        }
        guard let place = facilities[visited],
            place.code == hospital || (place.kind == .communityHealthCentre && place.settlingHospital == hospital)
        else { return notInForce }
        // `VisitCheck` has refused a `facilityLevel` other than the directory's.
        return .level(place.level)
    }

    private static func nothing(covered: Bool, _ reasons: [EstimateReason], policyYear: Int?, assumed: Bool) -> BenefitEstimate {
        BenefitEstimate(
            covered: covered,
            payableFen: 0,
            ratePartsPerHundredMillion: 0,
            capRemainingFen: nil,
            reasons: reasons,
            policyYear: policyYear,
            assumedParameters: assumed
        )
    }
}
