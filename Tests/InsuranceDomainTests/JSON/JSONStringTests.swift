import InsuranceDomain
import Testing

/// JSON strings must be valid UTF-8: invalid bytes are refused, never repaired into U+FFFD.
@Suite("JSON strings and UTF-8")
struct JSONStringTests {
    private static func document(_ inner: [UInt8]) -> [UInt8] {
        Array(#"{"name":""#.utf8) + inner + Array(#""}"#.utf8)
    }

    @Test(
        "invalid UTF-8 inside a string is a syntax error",
        arguments: [
            [0xC3, 0x28],  // a lead byte followed by ASCII
            [0x80],  // a lone continuation byte
            [0xE2, 0x82],  // a truncated three-byte sequence
            [0xF0, 0x9F, 0x98],  // a truncated four-byte sequence: three bytes, as long as U+FFFD
            [0xC0, 0xAF],  // an overlong encoding of "/"
            [0xED, 0xA0, 0x80],  // a UTF-16 surrogate encoded in UTF-8
            [0xEF, 0xBF, 0xBD, 0xFF],  // a genuine U+FFFD followed by an invalid byte
            [0x61, 0x5C, 0x6E, 0xFF],  // after an escape (the slow path)
        ] as [[UInt8]]
    )
    func refused(inner: [UInt8]) {
        #expect(throws: (any Error).self) { try JSONParser.parse(Self.document(inner)) }
    }

    @Test(
        "valid text, ASCII or not, escaped or not, reads back exactly",
        arguments: [
            "plain ascii", "张三", "Zoë 😀", "\u{FFFD} is a real character", "tab\tand \"quotes\"",
        ]
    )
    func accepted(text: String) throws {
        let escaped = text.replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\t", with: "\\t")
        let value = try JSONParser.parse(Self.document(Array(escaped.utf8)))
        #expect(value["name"]?.stringValue == text)
    }
}
