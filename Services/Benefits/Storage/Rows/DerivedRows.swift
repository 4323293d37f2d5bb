import InsuranceDomain
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

/// One row of `coverage_periods` (the start month as `YYYY-MM`, as the column holds it).
package struct CoveragePeriodRow: Sendable, Hashable {
    var policyYear: Int
    var startsOn: LocalDate
    var endsOn: LocalDate
    var startMonth: String
    /// `annual`, `newborn` or `month_after_payment`.
    var basis: String

    package init(policyYear: Int, startsOn: LocalDate, endsOn: LocalDate, startMonth: String, basis: String) {
        self.policyYear = policyYear
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.startMonth = startMonth
        self.basis = basis
    }
}

/// One row of `facility_bindings`: a chosen outpatient facility, in force (`endsOn` nil) or past,
/// accepted or refused (then `reason` says why).
package struct FacilityBindingRow: Sendable, Hashable {
    var facilityCode: String
    /// `community_health_centre`, `primary_clinic` or `hospital`.
    var facilityKind: String
    var hospitalLevel: Int?
    var boundOn: LocalDate
    var endsOn: LocalDate?
    /// `accepted` or `refused`.
    var status: BindingStatus
    var reason: String?

    package init(
        facilityCode: String,
        facilityKind: String,
        hospitalLevel: Int? = nil,
        boundOn: LocalDate,
        endsOn: LocalDate? = nil,
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
package struct FamilyAccountBindingRow: Sendable, Hashable {
    var authoriserId: String
    /// `parent`, `spouse` or `child`.
    var relationship: String
    var boundOn: LocalDate
    var revokedOn: LocalDate?
    /// Order in which authorisers' accounts are used (1 first).
    var rank: Int?
    /// `accepted` or `refused`.
    var status: BindingStatus
    var reason: String?

    package init(
        authoriserId: String,
        relationship: String,
        boundOn: LocalDate,
        revokedOn: LocalDate? = nil,
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

/// One row of `person_facts`: what the renewal outlook needs beyond coverage periods.
/// Written only when one of them is known.
package struct PersonFactsRow: Sendable, Hashable {
    var birthDate: LocalDate?
    /// The birthday from which default renewal no longer applies.
    var ageLimitOn: LocalDate?
    /// The latest stop's effective date.
    var lastStopOn: LocalDate?

    package init(birthDate: LocalDate? = nil, ageLimitOn: LocalDate? = nil, lastStopOn: LocalDate? = nil) {
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

/// A stored `date` read as a calendar day, and a day bound as a `date` (binary: days since
/// 2000-01-01). A stored day the calendar type cannot hold (before year 1, after 9999, `infinity`)
/// is read as the nearest end of its range rather than failing the row: stored data is not
/// trusted, and a page or an answer must still be given.
extension LocalDate: PostgresEncodable, PostgresDecodable {
    public static var psqlType: PostgresDataType { .date }
    public static var psqlFormat: PostgresFormat { .binary }

    public func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeInteger(Int32(truncatingIfNeeded: daysSinceEpoch - BulkArray.postgresEpochDays))
    }

    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer,
        type: PostgresDataType,
        format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        switch (format, type) {
        case (.binary, .date):
            guard buffer.readableBytes == 4, let days = buffer.readInteger(as: Int32.self) else {
                throw PostgresDecodingError.Code.failure
            }
            self.init(daysSinceEpoch: Int(days) + BulkArray.postgresEpochDays)
        case (.text, _), (_, .text), (_, .varchar):
            guard let text = buffer.readString(length: buffer.readableBytes), let day = LocalDate(text) else {
                throw PostgresDecodingError.Code.failure
            }
            self = day
        default:
            throw PostgresDecodingError.Code.typeMismatch
        }
    }
}

/// One row of the view `renewal_outlook` for a policy year.
struct RenewalRow: Sendable, Hashable {
    var personId: String
    /// `renewed_on_time`, `renewed_late`, `not_renewed`, `stopped` or `aged_out`.
    var status: String
    /// The first day covered in the policy year, when covered.
    var firstCoveredOn: LocalDate?

    init(personId: String, status: String, firstCoveredOn: LocalDate?) {
        self.personId = personId
        self.status = status
        self.firstCoveredOn = firstCoveredOn
    }
}
