import Testing

@testable import Enrollment

@Suite("ce- header values: unquoting and percent-decoding (CloudEvents HTTP binding §3.1.3.2)")
struct HeaderValueDecodingTests {
    static let readable: [(String, String)] = [
        ("/schools/42", "/schools/42"),
        ("Euro%20%E2%82%AC%20%F0%9F%98%80", "Euro € 😀"),  // the binding's own example
        ("%2fschools%2F42", "/schools/42"),  // unnecessary encoding, lower case
        ("100%25", "100%"),
        (#""quoted value""#, "quoted value"),  // older senders quote spaces
        (#""a \"b\" c""#, #"a "b" c"#),
        (#""%E4%B8%AD""#, "中"),  // unquote first, then decode once
        ("%2541", "%41"),  // a single round only
        ("", ""),
    ]

    @Test("readable values decode", arguments: readable)
    func decodes(raw: String, expected: String) {
        #expect(HeaderValueDecoding.decode(raw) == .success(expected))
    }

    static let unreadable: [(String, HeaderValueDecoding.Failure)] = [
        ("50%", .badPercentSequence),
        ("%4", .badPercentSequence),
        ("%G1", .badPercentSequence),
        ("%C0%A0", .notUTF8),  // overlong space, named by the binding
        ("%FF", .notUTF8),
        ("%E2%82", .notUTF8),  // truncated sequence
        (#""open"#, .unterminatedQuote),
        (#""a"b""#, .unterminatedQuote),
    ]

    @Test("unreadable values are refused with the rule they break", arguments: unreadable)
    func refuses(raw: String, failure: HeaderValueDecoding.Failure) {
        #expect(HeaderValueDecoding.decode(raw) == .failure(failure))
    }
}
