import Foundation
import InsuranceDomain
import Testing

/// One facility directory file the directory must refuse, and what the error must name.
struct BadDirectoryCase: Sendable, CustomTestStringConvertible {
    let name: String
    let json: String
    /// nil: the file as a whole.
    let entry: String?
    let field: String?
    /// A part of the rule's text.
    let rule: String
    var testDescription: String { name }
}

@Suite("Facility directory")
struct FacilityDirectoryTests {
    static let hospital = #"{"code":"H-2","name":"District Hospital","kind":"hospital","level":2}"#

    static func file(_ entries: String...) -> String { #"{"facilities":["# + entries.joined(separator: ",") + "]}" }

    static let bad: [BadDirectoryCase] = [
        BadDirectoryCase(name: "not JSON", json: "{", entry: nil, field: nil, rule: "must be JSON"),
        BadDirectoryCase(name: "not an object", json: "[]", entry: nil, field: nil, rule: "must be a JSON object"),
        BadDirectoryCase(name: "no facilities member", json: "{}", entry: nil, field: "facilities", rule: "is required"),
        BadDirectoryCase(name: "an unknown member", json: #"{"facilities":[],"version":1}"#, entry: nil, field: "version", rule: "not a member"),
        BadDirectoryCase(name: "facilities not an array", json: #"{"facilities":{}}"#, entry: nil, field: "facilities", rule: "must be an array"),
        BadDirectoryCase(name: "no facility at all", json: #"{"facilities":[]}"#, entry: nil, field: "facilities", rule: "at least one"),
        BadDirectoryCase(
            name: "an entry that is not an object",
            json: file(hospital, "7"),
            entry: "facilities[1]",
            field: nil,
            rule: "must be an object"
        ),
        BadDirectoryCase(
            name: "an unknown field (a misspelt settling hospital)",
            json: file(hospital, #"{"code":"SK-1","name":"A","kind":"community_health_centre","level":1,"settlingHopsital":"H-2"}"#),
            entry: "facilities[1] (code 'SK-1')",
            field: "settlingHopsital",
            rule: "is not a field of a facility"
        ),
        BadDirectoryCase(
            name: "a field given twice",
            json: file(#"{"code":"H-2","name":"A","kind":"hospital","level":2,"level":3}"#),
            entry: "facilities[0] (code 'H-2')",
            field: "level",
            rule: "must be given once"
        ),
        BadDirectoryCase(
            name: "code missing",
            json: file(#"{"name":"A","kind":"hospital","level":2}"#),
            entry: "facilities[0]",
            field: "code",
            rule: "is required"
        ),
        BadDirectoryCase(
            name: "code empty",
            json: file(#"{"code":"","name":"A","kind":"hospital","level":2}"#),
            entry: "facilities[0]",
            field: "code",
            rule: "must be 1–64 characters"
        ),
        BadDirectoryCase(
            name: "code of 65 characters",
            json: file(#"{"code":""# + String(repeating: "C", count: 65) + #"","name":"A","kind":"hospital","level":2}"#),
            entry: "facilities[0]",
            field: "code",
            rule: "at most 64 characters"
        ),
        BadDirectoryCase(
            name: "code with a control character",
            json: file(#"{"code":"H\n2","name":"A","kind":"hospital","level":2}"#),
            entry: "facilities[0]",
            field: "code",
            rule: "control characters"
        ),
        BadDirectoryCase(
            name: "name missing",
            json: file(#"{"code":"H-2","kind":"hospital","level":2}"#),
            entry: "facilities[0] (code 'H-2')",
            field: "name",
            rule: "is required"
        ),
        BadDirectoryCase(
            name: "name empty",
            json: file(#"{"code":"H-2","name":"","kind":"hospital","level":2}"#),
            entry: "facilities[0] (code 'H-2')",
            field: "name",
            rule: "must be 1–200 characters"
        ),
        BadDirectoryCase(
            name: "kind not a facility kind",
            json: file(#"{"code":"H-2","name":"A","kind":"pharmacy","level":2}"#),
            entry: "facilities[0] (code 'H-2')",
            field: "kind",
            rule: "community_health_centre, primary_clinic, hospital"
        ),
        BadDirectoryCase(
            name: "level 4",
            json: file(#"{"code":"H-2","name":"A","kind":"hospital","level":4}"#),
            entry: "facilities[0] (code 'H-2')",
            field: "level",
            rule: "must be 1, 2 or 3, got 4"
        ),
        BadDirectoryCase(
            name: "level a string",
            json: file(#"{"code":"H-2","name":"A","kind":"hospital","level":"2"}"#),
            entry: "facilities[0] (code 'H-2')",
            field: "level",
            rule: "whole number"
        ),
        BadDirectoryCase(
            name: "level missing",
            json: file(#"{"code":"H-2","name":"A","kind":"hospital"}"#),
            entry: "facilities[0] (code 'H-2')",
            field: "level",
            rule: "is required"
        ),
        BadDirectoryCase(
            name: "a community health centre above level 1",
            json: file(hospital, #"{"code":"SK-1","name":"A","kind":"community_health_centre","level":2,"settlingHospital":"H-2"}"#),
            entry: "facilities[1] (code 'SK-1')",
            field: "level",
            rule: "must be 1 for a community_health_centre"
        ),
        BadDirectoryCase(
            name: "a primary clinic above level 1",
            json: file(#"{"code":"PC-1","name":"A","kind":"primary_clinic","level":3}"#),
            entry: "facilities[0] (code 'PC-1')",
            field: "level",
            rule: "must be 1 for a primary_clinic"
        ),
        BadDirectoryCase(
            name: "a code listed twice",
            json: file(hospital, #"{"code":"PC-1","name":"A","kind":"primary_clinic","level":1}"#, hospital),
            entry: "facilities[2] (code 'H-2')",
            field: "code",
            rule: "is listed twice (first at facilities[0])"
        ),
        BadDirectoryCase(
            name: "a settling hospital not in the directory",
            json: file(hospital, #"{"code":"SK-1","name":"A","kind":"community_health_centre","level":1,"settlingHospital":"H-9"}"#),
            entry: "facilities[1] (code 'SK-1')",
            field: "settlingHospital",
            rule: "'H-9' is not listed"
        ),
        BadDirectoryCase(
            name: "a settling hospital that is not a hospital",
            json: file(
                #"{"code":"SK-1","name":"A","kind":"community_health_centre","level":1,"settlingHospital":"SK-2"}"#,
                #"{"code":"SK-2","name":"B","kind":"community_health_centre","level":1}"#
            ),
            entry: "facilities[0] (code 'SK-1')",
            field: "settlingHospital",
            rule: "'SK-2' is a community_health_centre"
        ),
        BadDirectoryCase(
            name: "a settling hospital for a primary clinic",
            json: file(hospital, #"{"code":"PC-1","name":"A","kind":"primary_clinic","level":1,"settlingHospital":"H-2"}"#),
            entry: "facilities[1] (code 'PC-1')",
            field: "settlingHospital",
            rule: "only for a community_health_centre"
        ),
        BadDirectoryCase(
            name: "a settling hospital for a hospital",
            json: file(hospital, #"{"code":"H-3","name":"A","kind":"hospital","level":3,"settlingHospital":"H-2"}"#),
            entry: "facilities[1] (code 'H-3')",
            field: "settlingHospital",
            rule: "only for a community_health_centre"
        ),
        BadDirectoryCase(
            name: "a settling hospital that is not a string",
            json: file(hospital, #"{"code":"SK-1","name":"A","kind":"community_health_centre","level":1,"settlingHospital":2}"#),
            entry: "facilities[1] (code 'SK-1')",
            field: "settlingHospital",
            rule: "must be a hospital's code"
        ),
    ]

    @Test("a file breaking a rule is refused naming the entry, the field and the rule", arguments: bad)
    func refused(_ c: BadDirectoryCase) {
        #expect {
            try FacilityDirectory(json: Array(c.json.utf8))
        } throws: { error in
            guard let error = error as? FacilityDirectoryError else { return false }
            #expect(error.entry == c.entry)
            #expect(error.field == c.field)
            #expect(error.rule.contains(c.rule), "\(error.rule)")
            #expect("\(error)".contains(c.rule))
            return true
        }
    }

    @Test("the sample file samples/facility-directory.json is a valid directory")
    func sample() throws {
        let path = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("samples/facility-directory.json").path
        let data = try #require(FileManager.default.contents(atPath: path))
        let directory = try FacilityDirectory(json: Array(data))
        #expect(directory.count == 5)
        let centres = directory.facilities.values.filter { $0.kind == .communityHealthCentre }
        #expect(centres.count == 2)
        let settling = try #require(centres.first?.settlingHospital)
        #expect(centres.allSatisfy { $0.settlingHospital == settling })
        #expect(directory[settling]?.kind == .hospital)
        #expect(directory[settling]?.level == 2)
        #expect(directory.facilities.values.contains { $0.kind == .hospital && $0.level == 3 })
        #expect(directory.facilities.values.contains { $0.kind == .primaryClinic })
    }

    @Test("a settling hospital may be listed after its centres; null means none")
    func orderAndNull() throws {
        let directory = try FacilityDirectory(
            json: Array(
                Self.file(
                    #"{"code":"SK-1","name":"A","kind":"community_health_centre","level":1,"settlingHospital":"H-2"}"#,
                    #"{"code":"SK-2","name":"B","kind":"community_health_centre","level":1,"settlingHospital":null}"#,
                    Self.hospital
                ).utf8
            )
        )
        #expect(directory["SK-1"]?.settlingHospital == "H-2")
        #expect(directory["SK-2"]?.settlingHospital == nil)
        #expect(directory["H-2"] == DirectoryFacility(code: "H-2", name: "District Hospital", kind: .hospital, level: 2))
        #expect(directory["H-9"] == nil)
    }
}
