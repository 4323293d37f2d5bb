import Foundation
import InsuranceDomain
import Testing

/// The one JSON writer (events of the file import, the sample city, the benefits API).
@Suite("JSON writer")
struct JSONWriterTests {
    @Test("strings with quotes, backslashes, control characters and CJK survive a round trip")
    func escaping() throws {
        let tricky = "李\"明\\\n\t\u{01}end"
        let bytes = JSONWriter.bytes(
            .object([
                JSONMember("name", .string(tricky)), JSONMember("n", .number("-42")), JSONMember("b", .bool(true)),
            ])
        )
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(parsed["name"] as? String == tricky)
        #expect(parsed["n"] as? Int == -42)
        #expect(parsed["b"] as? Bool == true)
        #expect(try JSONParser.parse(bytes)["name"]?.stringValue == tricky)
    }

    @Test("members keep their order; control characters are escaped in lowercase hex")
    func exactBytes() {
        let bytes = JSONWriter.bytes(
            .object([
                JSONMember("z", .string("a\u{1B}\r\u{7F}/")), JSONMember("a", .array([.null, .number("1.5"), .object([])])),
            ])
        )
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"z":"a\u001b\r\#u{7F}/","a":[null,1.5,{}]}"#)
    }
}
