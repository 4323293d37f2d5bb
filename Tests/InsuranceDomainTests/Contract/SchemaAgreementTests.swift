import Foundation
import RuleTables
import Testing

@testable import InsuranceDomain

/// The published `schemas/<type>.json` and the Swift field lists say the same thing, and
/// sample events get the same verdict on both sides.
@Suite struct SchemaAgreementTests {
    static let schemaFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schemas")

    static func schema(_ type: InsuranceEventType) throws -> JSONValue {
        let url = schemaFolder.appendingPathComponent(type.rawValue + ".json")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SchemaMissing(path: url.path)
        }
        return try JSONParser.parse(Array(data))
    }

    struct SchemaMissing: Error { let path: String }

    @Test func oneSchemaPerTypeAndNoOthers() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.schemaFolder.path).filter { $0.hasSuffix(".json") }
        #expect(Set(files) == Set(InsuranceEventType.allCases.map { $0.rawValue + ".json" }))
    }

    @Test(arguments: InsuranceEventType.allCases)
    func fieldsAgree(type: InsuranceEventType) throws {
        let schema = try Self.schema(type)
        #expect(schema["properties"]?["type"]?["const"] == .string(type.rawValue))
        let data = try #require(schema["properties"]?["data"])
        guard case .object(let properties)? = data["properties"], case .array(let required)? = data["required"] else {
            Issue.record("schema for \(type.rawValue) has no data.properties/required")
            return
        }
        #expect(properties.map(\.name) == type.fields.map(\.name))
        #expect(required.compactMap(\.stringValue) == type.fields.filter(\.required).map(\.name))
        for field in type.fields {
            let p = try #require(data["properties"]?[field.name])
            switch field.kind {
            case .identifier:
                #expect(p["type"] == .string("string"))
                #expect(p["pattern"] == .string(EventFieldKind.identifierPattern))
            case .text:
                #expect(p["type"] == .string("string"))
                #expect(p["minLength"]?.intValue == 1)
                #expect(p["maxLength"]?.intValue == field.maxLength, "\(type.rawValue).\(field.name)")
                #expect(p["pattern"]?.stringValue?.hasPrefix("^[^\\u0000-\\u001F") == true, "\(type.rawValue).\(field.name)")
            case .date:
                #expect(p["format"] == .string("date"))
            case .timestamp:
                #expect(p["format"] == .string("date-time"))
            case .enumeration(let values):
                #expect(p["enum"] == .array(values.map { .string($0) }), "\(type.rawValue).\(field.name)")
            case .integer(let minimum, let maximum):
                #expect(p["type"] == .string("integer"))
                #expect(p["minimum"]?.intValue == minimum, "\(type.rawValue).\(field.name)")
                #expect(p["maximum"]?.intValue == maximum, "\(type.rawValue).\(field.name)")
            case .boolean:
                #expect(p["type"] == .string("boolean"))
            }
        }
    }

    @Test(arguments: InsuranceEventType.allCases)
    func validSamplesPassBothSides(type: InsuranceEventType) throws {
        let json = Fixtures.json(type: type.rawValue, data: Fixtures.validData[type]!)
        let validator = MiniSchemaValidator(schema: try Self.schema(type))
        #expect(validator.errors(try JSONParser.parse(json)) == [])
        let event = try EventIntake.validate(json: json, policy: Fixtures.policy).get()
        #expect(validator.errors(try JSONParser.parse(event.structuredJSON)) == [])
    }

    /// Breaking any one field's shape (drop a required field, give a wrong type) is caught by both.
    @Test(arguments: InsuranceEventType.allCases)
    func brokenSamplesFailBothSides(type: InsuranceEventType) throws {
        let validator = MiniSchemaValidator(schema: try Self.schema(type))
        let sample = try JSONParser.parse(Array(Fixtures.validData[type]!.utf8))
        guard case .object(let members) = sample else {
            Issue.record("sample is not an object")
            return
        }
        for field in type.fields {
            var variants: [[JSONMember]] = [members.map { $0.name == field.name ? JSONMember($0.name, .array([])) : $0 }]
            if field.required { variants.append(members.filter { $0.name != field.name }) }
            for variant in variants where variant != members {
                let data = String(decoding: JSONWriter.bytes(.object(variant)), as: UTF8.self)
                let json = Fixtures.json(type: type.rawValue, data: data)
                #expect(!validator.errors(try JSONParser.parse(json)).isEmpty, "schema accepted broken \(field.name)")
                guard case .failure(let e) = EventIntake.validate(json: json, policy: Fixtures.policy) else {
                    Issue.record("Swift accepted broken \(field.name)")
                    continue
                }
                #expect(e.problems.contains { $0.field == "data." + field.name })
            }
        }
    }
}
