/// `insurance.enrollment.registered.v1`: a person is enrolled (参保).
public struct EnrollmentRegistered: Sendable, Hashable {
    public var personId: String
    public var certType: CertificateType
    /// Personal data: never log it.
    public var certNo: String
    /// Personal data: never log it.
    public var name: String?
    public var birthDate: LocalDate
    public var hukou: Hukou
    public var category: InsuredCategory
    public var appliedOn: LocalDate
    public var guardianCityInsuredMonths: Int?
    public var channel: String?

    public init(
        personId: String,
        certType: CertificateType,
        certNo: String,
        name: String? = nil,
        birthDate: LocalDate,
        hukou: Hukou,
        category: InsuredCategory,
        appliedOn: LocalDate,
        guardianCityInsuredMonths: Int? = nil,
        channel: String? = nil
    ) {
        self.personId = personId
        self.certType = certType
        self.certNo = certNo
        self.name = name
        self.birthDate = birthDate
        self.hukou = hukou
        self.category = category
        self.appliedOn = appliedOn
        self.guardianCityInsuredMonths = guardianCityInsuredMonths
        self.channel = channel
    }

    static let fields: [EventField] = [
        EventField("personId", .identifier),
        EventField("certType", .enumeration(CertificateType.allCases.map(\.rawValue))),
        EventField("certNo", .text, maxLength: InputLimits.certificateNumberLength),
        EventField("name", .text, required: false, maxLength: InputLimits.nameLength),
        EventField("birthDate", .date),
        EventField("hukou", .enumeration(Hukou.allCases.map(\.rawValue))),
        EventField("category", .enumeration(InsuredCategory.allCases.map(\.rawValue))),
        EventField("appliedOn", .date),
        EventField("guardianCityInsuredMonths", .integer(minimum: 0, maximum: 1200), required: false),
        EventField("channel", .text, required: false, maxLength: InputLimits.codeLength),
    ]

    /// Reads a `data` object already checked against `fields`.
    init?(data d: DataObject) {
        guard let personId = d.string("personId"), let certType = d.enumeration("certType", CertificateType.self),
            let certNo = d.string("certNo"), let birthDate = d.date("birthDate"),
            let hukou = d.enumeration("hukou", Hukou.self), let category = d.enumeration("category", InsuredCategory.self),
            let appliedOn = d.date("appliedOn")
        else { return nil }
        self.init(
            personId: personId,
            certType: certType,
            certNo: certNo,
            name: d.string("name"),
            birthDate: birthDate,
            hukou: hukou,
            category: category,
            appliedOn: appliedOn,
            guardianCityInsuredMonths: d.int("guardianCityInsuredMonths"),
            channel: d.string("channel")
        )
    }

    /// Rules across fields, after every field has the right shape.
    func problems() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if certType == .residentId {
            let rules = CitizenID.problems(of: certNo)
            problems += rules.map { FieldProblem(field: "data.certNo", rule: $0) }
            if rules.isEmpty, let encoded = CitizenID.birthDate(of: certNo), encoded != birthDate {
                problems.append(FieldProblem(field: "data.birthDate", rule: "must equal the birth date encoded in data.certNo"))
            }
        }
        if appliedOn < birthDate {
            problems.append(FieldProblem(field: "data.appliedOn", rule: "must not be before data.birthDate"))
        }
        return problems
    }

    var data: JSONValue {
        var m: [JSONMember] = [
            JSONMember("personId", .string(personId)), JSONMember("certType", .string(certType.rawValue)),
            JSONMember("certNo", .string(certNo)),
        ]
        if let name { m.append(JSONMember("name", .string(name))) }
        m += [
            JSONMember("birthDate", .string(birthDate.description)), JSONMember("hukou", .string(hukou.rawValue)),
            JSONMember("category", .string(category.rawValue)), JSONMember("appliedOn", .string(appliedOn.description)),
        ]
        if let months = guardianCityInsuredMonths { m.append(JSONMember("guardianCityInsuredMonths", .number(String(months)))) }
        if let channel { m.append(JSONMember("channel", .string(channel))) }
        return .object(m)
    }
}

/// The kind of identity document behind `certNo`.
public enum CertificateType: String, Sendable, Hashable, CaseIterable, Codable {
    case residentId = "resident_id"
    case birthCertificate = "birth_certificate"
    case other
}

/// Household registration: local (本市户籍) or not.
public enum Hukou: String, Sendable, Hashable, CaseIterable, Codable {
    case local
    case nonLocal = "non_local"
}

/// Who is insured (参保对象).
public enum InsuredCategory: String, Sendable, Hashable, CaseIterable, Codable {
    case pupil
    case universityStudent = "university_student"
    case childNotInSchool = "child_not_in_school"
}
