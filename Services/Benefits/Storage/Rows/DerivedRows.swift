import PostgresNIO

/// Everything derived from one person's history; replaces what was stored for the person.
package struct PersonResult: Sendable, Hashable {
    var periods: [CoveragePeriodRow]
    var facilityBindings: [FacilityBindingRow]
    var familyBindings: [FamilyAccountBindingRow]
    /// The `person_facts` row (birth date, age limit, last stop); empty when nothing is known.
    var facts: PersonFactsRow

    package init(
        periods: [CoveragePeriodRow] = [],
        facilityBindings: [FacilityBindingRow] = [],
        familyBindings: [FamilyAccountBindingRow] = [],
        facts: PersonFactsRow = PersonFactsRow()
    ) {
        self.periods = periods
        self.facilityBindings = facilityBindings
        self.familyBindings = familyBindings
        self.facts = facts
    }
}

/// One row of `coverage_periods` (dates as `YYYY-MM-DD`, month as `YYYY-MM`).
package struct CoveragePeriodRow: Sendable, Hashable, Codable {
    var policyYear: Int
    var startsOn: String
    var endsOn: String
    var startMonth: String
    /// `annual`, `newborn` or `month_after_payment`.
    var basis: String

    package init(policyYear: Int, startsOn: String, endsOn: String, startMonth: String, basis: String) {
        self.policyYear = policyYear
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.startMonth = startMonth
        self.basis = basis
    }
}

/// One row of `facility_bindings`: a chosen outpatient facility, in force (`endsOn` nil) or past,
/// accepted or refused (then `reason` says why).
package struct FacilityBindingRow: Sendable, Hashable, Codable {
    var facilityCode: String
    /// `community_health_centre`, `primary_clinic` or `hospital`.
    var facilityKind: String
    var hospitalLevel: Int?
    var boundOn: String
    var endsOn: String?
    /// `accepted` or `refused`.
    var status: BindingStatus
    var reason: String?

    package init(
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

/// One row of `family_account_bindings`: an authoriser sharing a personal account with the person.
package struct FamilyAccountBindingRow: Sendable, Hashable, Codable {
    var authoriserId: String
    /// `parent`, `spouse` or `child`.
    var relationship: String
    var boundOn: String
    var revokedOn: String?
    /// Order in which authorisers' accounts are used (1 first).
    var rank: Int?
    /// `accepted` or `refused`.
    var status: BindingStatus
    var reason: String?

    package init(
        authoriserId: String,
        relationship: String,
        boundOn: String,
        revokedOn: String? = nil,
        rank: Int? = nil,
        status: BindingStatus,
        reason: String? = nil
    ) {
        self.authoriserId = authoriserId
        self.relationship = relationship
        self.boundOn = boundOn
        self.revokedOn = revokedOn
        self.rank = rank
        self.status = status
        self.reason = reason
    }
}

/// One row of `person_facts`: what the renewal outlook needs beyond coverage periods
/// (dates as `YYYY-MM-DD`). Written only when one of them is known.
package struct PersonFactsRow: Sendable, Hashable {
    var birthDate: String?
    /// The birthday from which default renewal no longer applies.
    var ageLimitOn: String?
    /// The latest stop's effective date.
    var lastStopOn: String?

    package init(birthDate: String? = nil, ageLimitOn: String? = nil, lastStopOn: String? = nil) {
        self.birthDate = birthDate
        self.ageLimitOn = ageLimitOn
        self.lastStopOn = lastStopOn
    }

    /// Nothing to write.
    var isEmpty: Bool { birthDate == nil && ageLimitOn == nil && lastStopOn == nil }
}

/// What the rules made of a facility choice or a family account authorisation, as stored
/// (`status` of `facility_bindings` and `family_account_bindings`, checked by the schema) and
/// answered by the coverage API.
package enum BindingStatus: String, Sendable, Hashable, Codable {
    case accepted
    case refused
}

extension BindingStatus: PostgresDecodable {
    package init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer,
        type: PostgresDataType,
        format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        let text = try String(from: &buffer, type: type, format: format, context: context)
        guard let status = BindingStatus(rawValue: text) else { throw PostgresDecodingError.Code.failure }
        self = status
    }
}

/// One row of the view `renewal_outlook` for a policy year.
struct RenewalRow: Sendable, Hashable {
    var personId: String
    /// `renewed_on_time`, `renewed_late`, `not_renewed`, `stopped` or `aged_out`.
    var status: String
    /// `YYYY-MM-DD`, when covered in the policy year.
    var firstCoveredOn: String?

    init(personId: String, status: String, firstCoveredOn: String?) {
        self.personId = personId
        self.status = status
        self.firstCoveredOn = firstCoveredOn
    }
}
