import InsuranceDomain
import Testing

@testable import Enrollment

/// The domain's syntax scans as the intake uses them, errors in the API's words.
@Suite("JSON structure check before validation")
struct JSONStructureTests {
    static func checkObject(_ bytes: [UInt8]) throws(MalformedJSON) {
        do throws(JSONSyntaxError) { try JSONScan.object(bytes) } catch { throw MalformedJSON(error, length: bytes.count) }
    }

    static func arrayElements(in bytes: [UInt8], limit: Int) throws(MalformedJSON) -> JSONScan.Elements {
        do throws(JSONSyntaxError) {
            return try JSONScan.objectElements(in: bytes, limit: limit)
        } catch {
            throw MalformedJSON(error, length: bytes.count)
        }
    }

    static let wellFormedObjects: [String] = [
        #"{}"#,
        #" {"a":1} "#,
        #"{"a":[1,2.5,-3e+2,true,false,null],"b":{"c":"\u00e9\n\"x\""}}"#,
        "{\"name\":\"李明\"}",
    ]

    @Test("well-formed objects pass", arguments: wellFormedObjects)
    func wellFormed(_ text: String) throws {
        try Self.checkObject(Array(text.utf8))
    }

    static let malformed: [(String, String)] = [
        ("", "the body is empty"),
        ("  ", "the body is empty"),
        ("[]", "expected one CloudEvent as a JSON object"),
        (#"{"a":1"#, "unexpected end of input"),
        (#"{"a":1,}"#, "expected a member name"),
        (#"{"a" 1}"#, "expected ':'"),
        (#"{"a":01}"#, "expected ',' or '}'"),
        (#"{"a":"\x"}"#, "invalid escape"),
        (#"{"a":tru}"#, "expected a JSON value"),
        (#"{"a":1} {}"#, "unexpected content after"),
        ("{\"a\":\"line\nbreak\"}", "control characters"),
        (#"{"a":1.}"#, "expected a digit after '.'"),
    ]

    @Test("malformed input names the reason", arguments: malformed)
    func malformedInput(_ text: String, _ reason: String) {
        #expect {
            try Self.checkObject(Array(text.utf8))
        } throws: { error in
            (error as? MalformedJSON)?.reason.contains(reason) == true
        }
    }

    @Test("deep nesting is refused, not a crash")
    func deepNesting() {
        let text = #"{"a":"# + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}"
        #expect(throws: MalformedJSON.self) { try Self.checkObject(Array(text.utf8)) }
    }

    @Test("a batch is split into the byte ranges of its objects")
    func splitsBatch() throws {
        let text = #" [ {"a":"]"} , {"b":[{}]},{} ] "#
        let bytes = Array(text.utf8)
        guard case .ranges(let ranges) = try Self.arrayElements(in: bytes, limit: 10) else {
            Issue.record("no elements")
            return
        }
        #expect(ranges.map { String(decoding: bytes[$0], as: UTF8.self) } == [#"{"a":"]"}"#, #"{"b":[{}]}"#, "{}"])
    }

    @Test("an empty batch has no elements")
    func emptyBatch() throws {
        #expect(try Self.arrayElements(in: Array("[ ]".utf8), limit: 1) == .ranges([]))
    }

    @Test("more elements than the limit stop the scan")
    func batchLimit() throws {
        #expect(try Self.arrayElements(in: Array("[{},{},{}]".utf8), limit: 2) == .moreThan(2))
    }

    static let malformedBatches = [#"{"a":1}"#, "[1]", #"[{}"#, #"[{},]"#, #"[{} {}]"#, "[{}]x"]

    @Test("malformed batches are refused", arguments: malformedBatches)
    func malformedBatch(_ text: String) {
        #expect(throws: MalformedJSON.self) { _ = try Self.arrayElements(in: Array(text.utf8), limit: 10) }
    }
}
