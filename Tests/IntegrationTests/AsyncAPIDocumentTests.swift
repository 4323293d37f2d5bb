import ChildProcess
import Foundation
import InsuranceDomain
import Testing

/// asyncapi/insurance-events.yaml is a valid AsyncAPI 3.0 document (checked by
/// scripts/check-asyncapi.py against the vendored JSON Schema) and describes every event
/// type the domain library knows, each with its payload schema in schemas/.
@Suite("asyncapi/insurance-events.yaml")
struct AsyncAPIDocumentTests {
    struct Report: CheckReport {
        let problems: [String]
        let types: [String]
        let unresolvedFiles: [String]
    }

    static func check(_ root: URL) async throws -> (status: Int32, report: Report?, output: String) {
        try await CheckScript.run("check-asyncapi.py", on: root)
    }

    @Test("validates against the AsyncAPI 3.0.0 JSON Schema and every reference resolves")
    func documentIsValid() async throws {
        _ = try await CheckScript.passing("check-asyncapi.py", as: Report.self)
    }

    @Test("every event type of the domain library has a message, both content modes, and its schema file")
    func everyEventTypeDescribed() async throws {
        let (_, report, output) = try await Self.check(StackEnvironment.repositoryRoot)
        let checked = try #require(report, "no report from scripts/check-asyncapi.py: \(output)")
        for type in InsuranceEventType.allCases {
            #expect(checked.types.contains(type.rawValue), "\(type.rawValue) is not in the AsyncAPI document")
            #expect(!checked.unresolvedFiles.contains("schemas/\(type.rawValue).json"), "schemas/\(type.rawValue).json is missing")
        }
    }

    @Test("a document that breaks the AsyncAPI schema is reported")
    func brokenDocumentIsReported() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("asyncapi-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let folder = scratch.appendingPathComponent("asyncapi")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = StackEnvironment.repositoryRoot.appendingPathComponent("asyncapi")
        try FileManager.default.copyItem(
            at: source.appendingPathComponent("asyncapi-3.0.0.schema.json"),
            to: folder.appendingPathComponent("asyncapi-3.0.0.schema.json")
        )
        let text = try String(contentsOf: source.appendingPathComponent("insurance-events.yaml"), encoding: .utf8)
        // AsyncAPI 2 wording: version 3 knows only `send` and `receive`.
        let broken = text.replacingOccurrences(of: "action: send", with: "action: publish")
        #expect(broken != text)
        try broken.write(to: folder.appendingPathComponent("insurance-events.yaml"), atomically: true, encoding: .utf8)
        let (status, report, output) = try await Self.check(scratch)
        #expect(status == 1, "\(output)")
        #expect(report?.problems.contains { $0.contains("operations/") } == true, "\(output)")
    }
}
