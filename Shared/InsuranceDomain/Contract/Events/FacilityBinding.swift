/// `insurance.binding.facility.v1`: the person chooses their outpatient facility (基层选定).
public struct FacilityBinding: Sendable, Hashable {
    public var personId: String
    public var facilityCode: String
    public var facilityKind: FacilityKind
    /// 1, 2 or 3; present exactly when `facilityKind` is `hospital`.
    public var hospitalLevel: Int?
    public var boundOn: LocalDate
    public var channel: String?

    public init(
        personId: String,
        facilityCode: String,
        facilityKind: FacilityKind,
        hospitalLevel: Int? = nil,
        boundOn: LocalDate,
        channel: String? = nil
    ) {
        self.personId = personId
        self.facilityCode = facilityCode
        self.facilityKind = facilityKind
        self.hospitalLevel = hospitalLevel
        self.boundOn = boundOn
        self.channel = channel
    }

    static let fields: [EventField] = [
        EventField("personId", .identifier),
        EventField("facilityCode", .text, maxLength: InputLimits.codeLength),
        EventField("facilityKind", .enumeration(FacilityKind.allCases.map(\.rawValue))),
        EventField("hospitalLevel", .integer(minimum: 1, maximum: 3), required: false),
        EventField("boundOn", .date),
        EventField("channel", .text, required: false, maxLength: InputLimits.codeLength),
    ]

    init?(data d: DataObject) {
        guard let personId = d.string("personId"), let facilityCode = d.string("facilityCode"),
            let facilityKind = d.enumeration("facilityKind", FacilityKind.self), let boundOn = d.date("boundOn")
        else { return nil }
        self.init(
            personId: personId,
            facilityCode: facilityCode,
            facilityKind: facilityKind,
            hospitalLevel: d.int("hospitalLevel"),
            boundOn: boundOn,
            channel: d.string("channel")
        )
    }

    func problems() -> [FieldProblem] {
        if facilityKind == .hospital, hospitalLevel == nil {
            return [FieldProblem(field: "data.hospitalLevel", rule: "is required when data.facilityKind is hospital")]
        }
        if facilityKind != .hospital, hospitalLevel != nil {
            return [FieldProblem(field: "data.hospitalLevel", rule: "is allowed only when data.facilityKind is hospital")]
        }
        return []
    }

    var data: JSONValue {
        var m: [JSONMember] = [
            JSONMember("personId", .string(personId)), JSONMember("facilityCode", .string(facilityCode)),
            JSONMember("facilityKind", .string(facilityKind.rawValue)),
        ]
        if let hospitalLevel { m.append(JSONMember("hospitalLevel", .number(String(hospitalLevel)))) }
        m.append(JSONMember("boundOn", .string(boundOn.description)))
        if let channel { m.append(JSONMember("channel", .string(channel))) }
        return .object(m)
    }
}

/// The kind of outpatient facility chosen (基层选定).
public enum FacilityKind: String, Sendable, Hashable, CaseIterable, Codable {
    case communityHealthCentre = "community_health_centre"
    case primaryClinic = "primary_clinic"
    case hospital
}
