/// The facility directory: reference data the operator loads (`FACILITY_DIRECTORY_FILE`, read
/// like the policy file), giving each facility's name, kind and level and the hospital each
/// community health centre settles with.
///
/// Why it exists: ordinary outpatient care chosen at a community health centre is paid there,
/// at the hospital it settles with (结算医院) and at that hospital's other centres
/// (docs/estimate-and-renewals.md, rule 2), but no event says which hospital that is. The
/// estimate uses the directory to pay those visits at the visited facility's level rate;
/// without it, it says the settling hospital is unknown.
///
/// The JSON is `{"facilities": [{"code": "C1001", "name": "Lianhua Community Health Centre",
/// "kind": "community_health_centre", "level": 1, "settlingHospital": "H101"}, …]}`; a service
/// reads the file itself and passes its bytes to `init(json:)`. Every refusal names the entry,
/// the field and the rule (`FacilityDirectoryError`).
public struct FacilityDirectory: Sendable, Hashable {
    /// Every facility, by code.
    public let facilities: [String: DirectoryFacility]

    /// The fields of an entry; any other is refused, so that a misspelt `settlingHospital` is
    /// never silently read as "none".
    public static let fields = ["code", "name", "kind", "level", "settlingHospital"]

    /// Longest name accepted, in characters (Unicode scalars), as for other event texts.
    public static let nameLength = InputLimits.textLength

    /// Checks every entry (in list order, so errors name `facilities[index]`), then every
    /// settling hospital against the whole list (it may be listed after its centres).
    public init(_ list: [DirectoryFacility]) throws(FacilityDirectoryError) {
        guard !list.isEmpty else {
            throw FacilityDirectoryError(entry: nil, field: "facilities", rule: "must list at least one facility")
        }
        var byCode: [String: DirectoryFacility] = [:]
        var firstIndex: [String: Int] = [:]
        for (index, facility) in list.enumerated() {
            let entry = Self.entryName(index, code: facility.code)
            if let problem = Self.problem(facility) {
                throw FacilityDirectoryError(entry: entry, field: problem.field, rule: problem.rule)
            }
            if let first = firstIndex[facility.code] {
                throw FacilityDirectoryError(entry: entry, field: "code", rule: "is listed twice (first at facilities[\(first)])")
            }
            firstIndex[facility.code] = index
            byCode[facility.code] = facility
        }
        for (index, facility) in list.enumerated() {
            guard let hospital = facility.settlingHospital else { continue }
            let entry = Self.entryName(index, code: facility.code)
            guard let settling = byCode[hospital] else {
                throw FacilityDirectoryError(
                    entry: entry,
                    field: "settlingHospital",
                    rule: "must be the code of a hospital listed in the directory; '\(hospital)' is not listed"
                )
            }
            guard settling.kind == .hospital else {
                throw FacilityDirectoryError(
                    entry: entry,
                    field: "settlingHospital",
                    rule: "must be the code of a hospital; '\(hospital)' is a \(settling.kind.rawValue)"
                )
            }
        }
        self.facilities = byCode
    }

    /// Reads the JSON above; unknown members and fields, repeated fields and values of the
    /// wrong type are refused, naming the entry and the field.
    public init(json: [UInt8]) throws(FacilityDirectoryError) {
        let document: JSONValue
        do {
            document = try JSONParser.parse(json)
        } catch {
            throw FacilityDirectoryError(entry: nil, field: nil, rule: "must be JSON: \(error)")
        }
        guard case .object(let members) = document else {
            throw FacilityDirectoryError(entry: nil, field: nil, rule: #"must be a JSON object {"facilities": [...]}, got \#(document.kindName)"#)
        }
        var elements: [JSONValue]?
        for member in members {
            guard member.name == "facilities" else {
                throw FacilityDirectoryError(entry: nil, field: member.name, rule: "is not a member of a facility directory (only facilities)")
            }
            guard elements == nil else { throw FacilityDirectoryError(entry: nil, field: "facilities", rule: "must be given once") }
            guard case .array(let list) = member.value else {
                throw FacilityDirectoryError(entry: nil, field: "facilities", rule: "must be an array of facilities, got \(member.value.kindName)")
            }
            elements = list
        }
        guard let elements else {
            throw FacilityDirectoryError(entry: nil, field: "facilities", rule: "is required: an array of facilities")
        }
        var list: [DirectoryFacility] = []
        list.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            list.append(try Self.facility(element, index: index))
        }
        try self.init(list)
    }

    /// The facility with this code, if the directory lists it.
    public subscript(code: String) -> DirectoryFacility? { facilities[code] }

    /// How many facilities the directory lists.
    public var count: Int { facilities.count }

    /// `facilities[2] (code 'C1002')`; the code only when it is a valid one, because a bad
    /// code may hold control characters that must not reach a log line.
    static func entryName(_ index: Int, code: String?) -> String {
        guard let code, codeProblem(code) == nil else { return "facilities[\(index)]" }
        return "facilities[\(index)] (code '\(code)')"
    }

    /// The rule `code` breaks, if any: 1–64 characters, no control characters (as the
    /// `facilityCode` of a binding event).
    static func codeProblem(_ code: String) -> String? {
        if code.isEmpty { return "must be 1–\(InputLimits.codeLength) characters" }
        return TextRules.problem(with: code, maxLength: InputLimits.codeLength)
    }

    /// The field and rule one entry breaks on its own, if any.
    static func problem(_ facility: DirectoryFacility) -> (field: String, rule: String)? {
        if let rule = codeProblem(facility.code) { return ("code", rule) }
        if facility.name.isEmpty { return ("name", "must be 1–\(nameLength) characters") }
        if let rule = TextRules.problem(with: facility.name, maxLength: nameLength) { return ("name", rule) }
        if !BenefitRates.levels.contains(facility.level) { return ("level", "must be 1, 2 or 3, got \(facility.level)") }
        // The rate table's level 1 is "level 1 or below": centres and clinics are paid there.
        if facility.kind != .hospital, facility.level != 1 {
            return ("level", "must be 1 for a \(facility.kind.rawValue) (level 1 or below), got \(facility.level)")
        }
        if facility.settlingHospital != nil, facility.kind != .communityHealthCentre {
            return ("settlingHospital", "is allowed only for a \(FacilityKind.communityHealthCentre.rawValue)")
        }
        return nil
    }

    /// One entry of the JSON, its types checked; the rules of its values are `problem`'s.
    private static func facility(_ element: JSONValue, index: Int) throws(FacilityDirectoryError) -> DirectoryFacility {
        guard case .object(let members) = element else {
            throw FacilityDirectoryError(entry: entryName(index, code: nil), field: nil, rule: "must be an object, got \(element.kindName)")
        }
        let entry = entryName(index, code: element["code"]?.stringValue)
        var seen: Set<String> = []
        for member in members {
            guard fields.contains(member.name) else {
                throw FacilityDirectoryError(
                    entry: entry,
                    field: member.name,
                    rule: "is not a field of a facility (\(fields.joined(separator: ", ")))"
                )
            }
            guard seen.insert(member.name).inserted else {
                throw FacilityDirectoryError(entry: entry, field: member.name, rule: "must be given once")
            }
        }
        func text(_ field: String, _ what: String) throws(FacilityDirectoryError) -> String {
            guard let value = element[field] else { throw FacilityDirectoryError(entry: entry, field: field, rule: "is required: \(what)") }
            guard let text = value.stringValue else {
                throw FacilityDirectoryError(entry: entry, field: field, rule: "must be a string (\(what)), got \(value.kindName)")
            }
            return text
        }
        let code = try text("code", "the facility code")
        let name = try text("name", "the facility's name")
        let kinds = FacilityKind.allCases.map(\.rawValue).joined(separator: ", ")
        guard let kind = FacilityKind(rawValue: try text("kind", "one of \(kinds)")) else {
            throw FacilityDirectoryError(entry: entry, field: "kind", rule: "must be one of \(kinds)")
        }
        guard let levelValue = element["level"] else {
            throw FacilityDirectoryError(entry: entry, field: "level", rule: "is required: 1, 2 or 3")
        }
        guard let level = levelValue.intValue else {
            throw FacilityDirectoryError(entry: entry, field: "level", rule: "must be the whole number 1, 2 or 3, got \(levelValue.kindName)")
        }
        var settlingHospital: String?
        // `null` is what many writers put for "none": read as absent.
        if let value = element["settlingHospital"], value != .null {
            guard let code = value.stringValue else {
                throw FacilityDirectoryError(entry: entry, field: "settlingHospital", rule: "must be a hospital's code, got \(value.kindName)")
            }
            settlingHospital = code
        }
        return DirectoryFacility(code: code, name: name, kind: kind, level: level, settlingHospital: settlingHospital)
    }
}

/// One facility of the facility directory (`FacilityDirectory`): what the operator's
/// reference data says about it.
public struct DirectoryFacility: Sendable, Hashable {
    /// The facility code, as the binding events and the estimate's `facilityCode` give it.
    public let code: String
    /// The facility's name, for people (the pages may show it).
    public let name: String
    public let kind: FacilityKind
    /// 1, 2 or 3; always 1 for a community health centre or primary clinic, whose care is paid
    /// at the level-1 rate ("level 1 or below").
    public let level: Int
    /// For a community health centre: the code of the hospital it settles with (结算医院), nil
    /// when the directory does not name one. Always nil for other kinds.
    public let settlingHospital: String?

    public init(code: String, name: String, kind: FacilityKind, level: Int, settlingHospital: String? = nil) {
        self.code = code
        self.name = name
        self.kind = kind
        self.level = level
        self.settlingHospital = settlingHospital
    }
}

/// Why a facility directory was refused: the entry (`facilities[2] (code 'C1002')`), the
/// field and the rule it breaks, so that the operator knows what to fix in the file.
public struct FacilityDirectoryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The entry, `facilities[<index from 0>]` with its code when it has one; nil for the file as a whole.
    public let entry: String?
    /// The field of the entry (or the file's member) that is wrong, when one is.
    public let field: String?
    /// What the value must be, usually ending with what it was.
    public let rule: String

    public init(entry: String?, field: String?, rule: String) {
        self.entry = entry
        self.field = field
        self.rule = rule
    }

    public var description: String {
        [entry, field, rule].compactMap { $0 }.joined(separator: ": ")
    }
}
