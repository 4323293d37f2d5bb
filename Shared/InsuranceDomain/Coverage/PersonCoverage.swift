/// Everything the rules say about one person, computed from their events by
/// `CoverageEngine.evaluate`. Encodes as the offline evaluation line (docs/contract.md):
/// `{"personId":…,"periods":[…],"refused":[{"eventId":…,"reason":…}]}`.
public struct PersonCoverage: Sendable, Hashable, Encodable {
    public let personId: String
    /// In `startsOn` order.
    public let periods: [CoveragePeriod]
    /// Valid events the rules refused, in `eventId` order.
    public let refused: [RefusedEvent]
    /// Every facility choice in the order made, with its outcome.
    public let facilityDecisions: [FacilityDecision]
    /// Family account authorisations (accepted ones, revoked or not), earliest first.
    public let familyAuthorisations: [FamilyAuthorisation]
    let facts: CoverageFacts

    init(
        personId: String,
        periods: [CoveragePeriod],
        refused: [RefusedEvent],
        facilityDecisions: [FacilityDecision],
        familyAuthorisations: [FamilyAuthorisation],
        facts: CoverageFacts
    ) {
        self.personId = personId
        self.periods = periods
        self.refused = refused
        self.facilityDecisions = facilityDecisions
        self.familyAuthorisations = familyAuthorisations
        self.facts = facts
    }

    enum CodingKeys: String, CodingKey {
        case personId, periods, refused
    }

    /// The offline evaluation line with keys in the contract's order
    /// (`JSONEncoder` does not keep key order on Linux): `{"personId":…,"periods":[{"policyYear":…,
    /// "startsOn":…,"endsOn":…,"startMonth":…,"basis":…}],"refused":[{"eventId":…,"reason":…}]}`.
    public var evaluationJSON: [UInt8] { Self.evaluationLine(personId: personId, periods: periods, refused: refused) }

    /// An offline evaluation line: a person's, or (`personId` nil) that of input `line` whose
    /// person could not be read, `{"personId":null,"line":N,…}`.
    public static func evaluationLine(personId: String?, line: Int? = nil, periods: [CoveragePeriod], refused: [RefusedEvent]) -> [UInt8] {
        var members = [JSONMember("personId", personId.map(JSONValue.string) ?? .null)]
        if let line { members.append(JSONMember("line", .number(String(line)))) }
        members.append(
            JSONMember(
                "periods",
                .array(
                    periods.map { p in
                        .object([
                            JSONMember("policyYear", .number(String(p.policyYear))),
                            JSONMember("startsOn", .string(p.startsOn.description)),
                            JSONMember("endsOn", .string(p.endsOn.description)),
                            JSONMember("startMonth", .string(p.startMonth)),
                            JSONMember("basis", .string(p.basis.rawValue)),
                        ])
                    }
                )
            )
        )
        members.append(
            JSONMember(
                "refused",
                .array(
                    refused.map { r in
                        .object([JSONMember("eventId", .string(r.eventId)), JSONMember("reason", .string(r.reason))])
                    }
                )
            )
        )
        return JSONWriter.bytes(.object(members))
    }

    /// The days blocked by duplicate enrolment elsewhere (重复参保), earliest first.
    public var blockedSpans: [BlockedSpan] { facts.blocked }

    /// Why the person does not qualify, when their latest registration says so.
    public var notEligibleReason: String? { facts.eligibility.entries.last?.refusal }

    /// Why the person does not qualify on `day`: the registration in force that day (the latest
    /// applied on or before it) says so (status `not_eligible` on a day not covered).
    public func notEligibleReason(on day: LocalDate) -> String? { facts.eligibility.notEligible(on: day) }

    /// The birth date from the latest registration; nil when no registration came.
    public var birthDate: LocalDate? { facts.birthDate }

    /// The household registration (户籍) of the latest registration; nil when none came.
    public var householdRegistration: Hukou? { facts.eligibility.latest?.hukou }

    /// The household registration on `day`: the latest registration's applied on or before it
    /// (a registration states facts as of its application date); before every registration the
    /// earliest one's; nil when none came.
    public func householdRegistration(on day: LocalDate) -> Hukou? {
        (facts.eligibility.entry(on: day) ?? facts.eligibility.entries.first)?.registration.hukou
    }

    /// The birthday from which default renewal no longer applies (`PolicyRules.defaultRenewalAgeLimit`);
    /// nil when no registration gave the birth date.
    public var renewalAgeLimitReachedOn: LocalDate? { facts.renewalAgeLimitReachedOn }

    /// Every payment once, as the rules count it, in `paidAt` order, with its reversal.
    public var payments: [CountedPayment] { facts.payments }

    /// Effective dates of stops (停保), ascending.
    public var stopDates: [LocalDate] { facts.stops }
}

/// A valid event the rules refuse, and why (e.g. a hospital chosen at 14).
public struct RefusedEvent: Sendable, Hashable, Codable {
    /// The CloudEvent `id`.
    public let eventId: String
    public let reason: String

    public init(eventId: String, reason: String) {
        self.eventId = eventId
        self.reason = reason
    }
}
